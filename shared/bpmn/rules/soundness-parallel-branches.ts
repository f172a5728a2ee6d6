/**
 * What happens to the tokens of a parallel split when they are not joined by a synchronising gateway:
 * - `soundness.exclusive-merge-of-parallel`: two branches of the split reach one exclusive (or uncontrolled)
 *   merge through different incoming flows, so everything after the merge runs once per branch;
 * - `soundness.lack-of-synchronisation`: a branch of the split loops back to the split itself, so every
 *   iteration starts branches that are never joined and tokens pile up.
 *
 * Each branch of each parallel split is walked once, stopping at gateways that wait for tokens (parallel,
 * inclusive, complex joins) and never re-entering the split, so the cost is branches x scope size, bounded
 * by a walk budget.
 */
import type { DiagnosticSink } from '../diagnostics.js';
import type { ModdleElement } from '../moddle-element.js';
import { describeElement } from '../element-description.js';
import { atOwn } from './element-helpers.js';
import type { ValidationRule } from './rule.js';
import {
  isExclusiveMerge,
  isParallelSplit,
  isSynchronisingJoin,
  outgoingOf,
  recordArrival,
  scopeGraphs,
  soundnessWalkBudget,
  WalkBudget,
  type FlowEdge,
  type ScopeGraph,
} from './soundness-flow-graph.js';
import { immediatePostDominators } from './soundness-post-dominators.js';

interface BranchReach {
  /** The last exclusive merge passed on the way back to the split, when the branch loops back to it. */
  readonly loopsThrough: ModdleElement | 'split' | undefined;
  /** For each exclusive merge reached, the incoming flows this branch arrives by. */
  readonly mergeInputs: Map<ModdleElement, Set<ModdleElement>>;
}

interface Step {
  readonly edge: FlowEdge;
  /** The last exclusive merge passed before this edge. */
  readonly via: ModdleElement | undefined;
}

function walkBranch(
  graph: ScopeGraph,
  split: ModdleElement,
  first: FlowEdge,
  stopAt: ModdleElement | undefined,
  budget: WalkBudget,
): BranchReach {
  const mergeInputs = new Map<ModdleElement, Set<ModdleElement>>();
  let loopsThrough: BranchReach['loopsThrough'];
  const seen = new Set<ModdleElement>();
  const pending: Step[] = [{ edge: first, via: undefined }];
  while (pending.length > 0) {
    if (!budget.spend()) break;
    const { edge, via } = pending.pop() as Step;
    const node = edge.target;
    if (node === split) {
      loopsThrough ??= via ?? 'split';
      continue;
    }
    if (isSynchronisingJoin(graph, node)) continue;
    const merge = isExclusiveMerge(graph, node);
    if (merge) recordArrival(mergeInputs, edge);
    // Past the split's post-dominator every branch runs alike; what arrives there is recorded above.
    if (seen.has(node) || node === stopAt) continue;
    seen.add(node);
    for (const next of outgoingOf(graph, node)) pending.push({ edge: next, via: merge ? node : via });
  }
  return { loopsThrough, mergeInputs };
}

export const soundnessParallelBranchesRule: ValidationRule = {
  name: 'soundness-parallel-branches',
  check({ model, sink }) {
    const budget = new WalkBudget(soundnessWalkBudget);
    const reportedMerges = new Set<ModdleElement>();
    for (const graph of scopeGraphs(model)) {
      const postDominators = immediatePostDominators(graph);
      for (const split of graph.outgoing.keys()) {
        if (!isParallelSplit(graph, split)) continue;
        const branches = outgoingOf(graph, split).map((edge) =>
          walkBranch(graph, split, edge, postDominators.get(split), budget),
        );
        reportMergesOfBranches(split, branches, reportedMerges, sink);
        const loop = branches.find((branch) => branch.loopsThrough !== undefined)?.loopsThrough;
        if (loop === undefined) continue;
        sink.report(
          'soundness.lack-of-synchronisation',
          `A branch of the ${describeElement(split)} loops back to it${loop === 'split' ? '' : ` through the ${describeElement(loop)}`} without a parallel join: every iteration starts branches that are never joined.`,
          atOwn(loop === 'split' ? split : loop),
        );
      }
    }
  },
};

function reportMergesOfBranches(
  split: ModdleElement,
  branches: readonly BranchReach[],
  reported: Set<ModdleElement>,
  sink: DiagnosticSink,
): void {
  const merges = new Set(branches.flatMap((branch) => [...branch.mergeInputs.keys()]));
  for (const merge of merges) {
    if (reported.has(merge)) continue;
    const arriving = branches
      .map((branch) => branch.mergeInputs.get(merge))
      .filter((inputs): inputs is Set<ModdleElement> => inputs !== undefined);
    const inputs = new Set(arriving.flatMap((flows) => [...flows]));
    // Two branches arriving by one and the same flow are already merged upstream; report only that merge.
    if (arriving.length < 2 || inputs.size < 2) continue;
    reported.add(merge);
    sink.report(
      'soundness.exclusive-merge-of-parallel',
      `The ${describeElement(merge)} merges branches of the ${describeElement(split)} without waiting for them: what follows it runs once per branch.`,
      atOwn(merge),
    );
  }
}

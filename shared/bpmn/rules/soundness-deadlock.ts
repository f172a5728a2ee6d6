/**
 * Deadlock: a parallel join whose incoming flows are fed by different branches of one exclusive, event-based
 * or inclusive split. Only one branch (or some) runs, so the join never receives a token on every incoming
 * flow and waits forever.
 *
 * For each choice split, each branch is walked once (never re-entering the split); for every parallel join
 * it records which of the join's incoming flows that branch can deliver to. Branches that loop back to the
 * split are loops, not alternatives, and branches that miss the join entirely bypass it; neither counts.
 * The join is reported when two remaining branches deliver to different, non-empty sets of its incoming
 * flows. This stays silent on well-structured models, including exclusive splits whose every branch
 * opens its own parallel split feeding the same join.
 */
import type { ModdleElement } from '../moddle-element.js';
import { describeElement } from '../element-description.js';
import { atOwn } from './element-helpers.js';
import type { ValidationRule } from './rule.js';
import {
  isChoiceSplit,
  isParallelJoin,
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
  readonly loops: boolean;
  /** For each parallel join reached, the incoming flows this branch can deliver a token to. */
  readonly joinInputs: Map<ModdleElement, Set<ModdleElement>>;
}

function walkBranch(
  graph: ScopeGraph,
  split: ModdleElement,
  first: FlowEdge,
  stopAt: ModdleElement | undefined,
  budget: WalkBudget,
): BranchReach {
  const joinInputs = new Map<ModdleElement, Set<ModdleElement>>();
  let loops = false;
  const seen = new Set<ModdleElement>();
  const pending: FlowEdge[] = [first];
  while (pending.length > 0) {
    if (!budget.spend()) break;
    const edge = pending.pop() as FlowEdge;
    if (edge.target === split) {
      loops = true;
      continue;
    }
    if (isParallelJoin(graph, edge.target)) recordArrival(joinInputs, edge);
    // Past the split's post-dominator every branch runs alike; what it delivers there is recorded above.
    if (seen.has(edge.target) || edge.target === stopAt) continue;
    seen.add(edge.target);
    pending.push(...outgoingOf(graph, edge.target));
  }
  return { loops, joinInputs };
}

function inputsKey(inputs: Set<ModdleElement>): string {
  return [...inputs]
    .map((flow) => flow.id ?? '')
    .sort()
    .join(' ');
}

interface Finding {
  readonly split: ModdleElement;
  /** How many incoming flows the disagreeing branches cover in all: smaller means closer to the join. */
  readonly spread: number;
}

export const soundnessDeadlockRule: ValidationRule = {
  name: 'soundness-deadlock',
  check({ model, sink }) {
    const budget = new WalkBudget(soundnessWalkBudget);
    for (const graph of scopeGraphs(model)) {
      const postDominators = immediatePostDominators(graph);
      const findings = new Map<ModdleElement, Finding>();
      for (const split of graph.outgoing.keys()) {
        if (!isChoiceSplit(graph, split)) continue;
        const branches = outgoingOf(graph, split)
          .map((edge) => walkBranch(graph, split, edge, postDominators.get(split), budget))
          .filter((branch) => !branch.loops);
        const joins = new Set(branches.flatMap((branch) => [...branch.joinInputs.keys()]));
        for (const join of joins) {
          const delivered = branches
            .map((branch) => branch.joinInputs.get(join))
            .filter((inputs): inputs is Set<ModdleElement> => inputs !== undefined && inputs.size > 0);
          if (new Set(delivered.map(inputsKey)).size < 2) continue;
          const spread = delivered.reduce((sum, inputs) => sum + inputs.size, 0);
          const previous = findings.get(join);
          if (!previous || spread < previous.spread) findings.set(join, { split, spread });
        }
      }
      for (const [join, { split }] of findings) {
        sink.report(
          'soundness.deadlock',
          `The ${describeElement(join)} waits for all its incoming flows, but they are fed by alternative branches of the ${describeElement(split)}: only one of them runs (for an inclusive split, perhaps not all), so the join can wait forever.`,
          atOwn(join),
        );
      }
    }
  },
};

/**
 * The sequence-flow graph of each process and sub-process, with the role each node plays for token flow:
 * where tokens multiply (parallel splits), where one path is chosen (exclusive, event-based and inclusive
 * splits), where they wait for each other (parallel joins) and where they pass one by one (exclusive and
 * uncontrolled merges). The soundness rules walk these graphs; they never look across scope boundaries.
 */
import type { ModelIndex } from '../model-index.js';
import { addTo, appendTo } from '../multi-map.js';
import { elementProperty, isA, type ModdleElement } from '../moddle-element.js';

export interface FlowEdge {
  readonly flow: ModdleElement;
  readonly target: ModdleElement;
}

export interface ScopeGraph {
  readonly outgoing: ReadonlyMap<ModdleElement, readonly FlowEdge[]>;
  readonly incomingCount: ReadonlyMap<ModdleElement, number>;
}

/** One graph per scope, built from the sequence flows whose ends both lie in that scope. */
export function scopeGraphs(model: ModelIndex): ScopeGraph[] {
  const byScope = new Map<
    ModdleElement,
    { outgoing: Map<ModdleElement, FlowEdge[]>; incomingCount: Map<ModdleElement, number> }
  >();
  for (const flow of model.sequenceFlows) {
    const scope = model.scopeOf.get(flow);
    const source = elementProperty(flow, 'sourceRef');
    const target = elementProperty(flow, 'targetRef');
    if (!scope || !source || !target) continue;
    if (model.scopeOf.get(source) !== scope || model.scopeOf.get(target) !== scope) continue;
    let graph = byScope.get(scope);
    if (!graph) {
      graph = { outgoing: new Map(), incomingCount: new Map() };
      byScope.set(scope, graph);
    }
    appendTo(graph.outgoing, source, { flow, target });
    graph.incomingCount.set(target, (graph.incomingCount.get(target) ?? 0) + 1);
  }
  return [...byScope.values()];
}

export function outgoingOf(graph: ScopeGraph, node: ModdleElement): readonly FlowEdge[] {
  return graph.outgoing.get(node) ?? [];
}

/** Notes that a branch arrives at the edge's target by the edge's flow. */
export function recordArrival(arrivals: Map<ModdleElement, Set<ModdleElement>>, edge: FlowEdge): void {
  addTo(arrivals, edge.target, edge.flow);
}

function hasCondition(edge: FlowEdge): boolean {
  return elementProperty(edge.flow, 'conditionExpression') !== undefined;
}

/** A node that sends a token down every outgoing flow at once. */
export function isParallelSplit(graph: ScopeGraph, node: ModdleElement): boolean {
  const outgoing = outgoingOf(graph, node);
  if (outgoing.length < 2) return false;
  if (isA(node, 'bpmn:ParallelGateway')) return true;
  // An inclusive gateway without conditions takes every outgoing flow.
  if (isA(node, 'bpmn:InclusiveGateway')) return !outgoing.some(hasCondition);
  // An activity or event with several unconditional outgoing flows forks implicitly.
  return !isA(node, 'bpmn:Gateway') && !outgoing.some(hasCondition) && node['default'] === undefined;
}

/** A node that sends its token down one (or, for inclusive splits, some) of its outgoing flows. */
export function isChoiceSplit(graph: ScopeGraph, node: ModdleElement): boolean {
  const outgoing = outgoingOf(graph, node);
  if (outgoing.length < 2) return false;
  if (isA(node, 'bpmn:ExclusiveGateway') || isA(node, 'bpmn:EventBasedGateway')) return true;
  if (isA(node, 'bpmn:InclusiveGateway')) return outgoing.some(hasCondition);
  return !isA(node, 'bpmn:Gateway') && outgoing.some(hasCondition);
}

export function isParallelJoin(graph: ScopeGraph, node: ModdleElement): boolean {
  return isA(node, 'bpmn:ParallelGateway') && (graph.incomingCount.get(node) ?? 0) >= 2;
}

/** Gateways that wait for tokens (parallel, inclusive, complex): tokens do not pass them one by one. */
export function isSynchronisingJoin(graph: ScopeGraph, node: ModdleElement): boolean {
  return (
    (isA(node, 'bpmn:ParallelGateway') ||
      isA(node, 'bpmn:InclusiveGateway') ||
      isA(node, 'bpmn:ComplexGateway')) &&
    (graph.incomingCount.get(node) ?? 0) >= 2
  );
}

/**
 * A node with several incoming flows that passes on each token as it arrives: an exclusive gateway, or an
 * activity or intermediate event (an uncontrolled merge). End events are left out: they only consume.
 */
export function isExclusiveMerge(graph: ScopeGraph, node: ModdleElement): boolean {
  if ((graph.incomingCount.get(node) ?? 0) < 2) return false;
  if (isA(node, 'bpmn:ExclusiveGateway')) return true;
  return !isA(node, 'bpmn:Gateway') && !isA(node, 'bpmn:EndEvent');
}

/**
 * Bounds the total work of one analysis: graphs are walked once per split branch, so a huge model could
 * otherwise cost nodes x splits. When the budget is spent the analysis stops early and reports less.
 */
export class WalkBudget {
  constructor(private remaining: number) {}

  spend(): boolean {
    this.remaining -= 1;
    return this.remaining >= 0;
  }
}

export const soundnessWalkBudget = 2_000_000;

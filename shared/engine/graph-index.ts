/**
 * Incoming and outgoing sequence flows per node, derived from the flows' own source and target. The graph's
 * `incoming`/`outgoing` lists repeat what the XML's optional `<incoming>`/`<outgoing>` elements say, which
 * many tools leave out; `sourceRef`/`targetRef` are always there. Flows keep document order.
 */
import type { ProcessGraph } from '../bpmn/graph.js';

export interface FlowIndex {
  readonly incoming: ReadonlyMap<string, readonly string[]>;
  readonly outgoing: ReadonlyMap<string, readonly string[]>;
}

const indexes = new WeakMap<ProcessGraph, FlowIndex>();

export function flowIndex(graph: ProcessGraph): FlowIndex {
  const cached = indexes.get(graph);
  if (cached) return cached;
  const incoming = new Map<string, string[]>();
  const outgoing = new Map<string, string[]>();
  for (const flow of Object.values(graph.flows)) {
    outgoing.set(flow.source, [...(outgoing.get(flow.source) ?? []), flow.id]);
    incoming.set(flow.target, [...(incoming.get(flow.target) ?? []), flow.id]);
  }
  const index = { incoming, outgoing };
  indexes.set(graph, index);
  return index;
}

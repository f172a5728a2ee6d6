/** Small queries over the indexed model that several specification rules share. */
import { elementList, elementProperty, isA, type ModdleElement } from '../moddle-element.js';
import type { ModelIndex } from '../model-index.js';

interface FlowConnections {
  readonly incoming: ReadonlyMap<ModdleElement, ModdleElement[]>;
  readonly outgoing: ReadonlyMap<ModdleElement, ModdleElement[]>;
}

const connectionsCache = new WeakMap<ModelIndex, FlowConnections>();

/** Incoming and outgoing sequence flows per node, taken from each flow's sourceRef and targetRef. */
function flowConnections(model: ModelIndex): FlowConnections {
  const cached = connectionsCache.get(model);
  if (cached) return cached;
  const incoming = new Map<ModdleElement, ModdleElement[]>();
  const outgoing = new Map<ModdleElement, ModdleElement[]>();
  for (const flow of model.sequenceFlows) {
    const source = elementProperty(flow, 'sourceRef');
    const target = elementProperty(flow, 'targetRef');
    if (source) outgoing.set(source, [...(outgoing.get(source) ?? []), flow]);
    if (target) incoming.set(target, [...(incoming.get(target) ?? []), flow]);
  }
  const connections = { incoming, outgoing };
  connectionsCache.set(model, connections);
  return connections;
}

export function incomingOf(model: ModelIndex, node: ModdleElement): ModdleElement[] {
  return flowConnections(model).incoming.get(node) ?? [];
}

export function outgoingOf(model: ModelIndex, node: ModdleElement): ModdleElement[] {
  return flowConnections(model).outgoing.get(node) ?? [];
}

/** The event definitions an event carries, inline or by `eventDefinitionRef`. */
export function eventDefinitionsOf(event: ModdleElement): ModdleElement[] {
  return [...elementList(event, 'eventDefinitions'), ...elementList(event, 'eventDefinitionRef')];
}

export function definitionKinds(event: ModdleElement): string[] {
  return eventDefinitionsOf(event).map((definition) => definition.$type);
}

export function isEventSubProcess(element: ModdleElement): boolean {
  return isA(element, 'bpmn:SubProcess') && element['triggeredByEvent'] === true;
}

/** Compensation handlers stand outside the normal flow. */
export function isForCompensation(element: ModdleElement): boolean {
  return isA(element, 'bpmn:Activity') && element['isForCompensation'] === true;
}

/** The top-level process an element belongs to, following containment upwards. */
export function processOf(element: ModdleElement): ModdleElement | undefined {
  let current: ModdleElement | undefined = element;
  while (current && current.$type !== 'bpmn:Process') current = current.$parent;
  return current;
}

export function label(element: ModdleElement): string {
  const kind = element.$type.replace(/^bpmn:/, '');
  return element.id !== undefined ? `${kind} "${element.id}"` : kind;
}

/** Report position: the element's own id, or the nearest enclosing element's id (event definitions often have none). */
export function at(element: ModdleElement): { element?: string } {
  let current: ModdleElement | undefined = element;
  while (current && current.id === undefined) current = current.$parent;
  return current?.id !== undefined ? { element: current.id } : {};
}

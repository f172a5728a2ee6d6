/**
 * Queries over the indexed model that the validation rules share: where a diagnostic points, which sequence
 * flows meet a node, which process an element belongs to. Rules that walk their own graph (the soundness
 * rules) keep those walks to themselves. How messages name elements: ../element-description.ts.
 */
import type { ModelIndex } from '../model-index.js';
import { appendTo } from '../multi-map.js';
import { booleanProperty, elementList, elementProperty, isA, type ModdleElement } from '../moddle-element.js';

/** Report position: the element's own id, or none when it has no id. */
export function atOwn(element: ModdleElement): { element?: string } {
  return element.id !== undefined ? { element: element.id } : {};
}

/**
 * Report position: the element's own id, or the nearest enclosing element's id (event definitions often
 * have none). Execution-level and soundness rules use `atOwn`: they report on flow nodes, and an id-less
 * one is reported as such (caseflow.missing-id) rather than pinned on its container.
 */
export function at(element: ModdleElement): { element?: string } {
  let current: ModdleElement | undefined = element;
  while (current && current.id === undefined) current = current.$parent;
  return current?.id !== undefined ? { element: current.id } : {};
}

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
    if (source) appendTo(outgoing, source, flow);
    if (target) appendTo(incoming, target, flow);
  }
  const connections = { incoming, outgoing };
  connectionsCache.set(model, connections);
  return connections;
}

/** Sequence flows whose targetRef is the node (many tools never write `<incoming>`). */
export function incomingOf(model: ModelIndex, node: ModdleElement): ModdleElement[] {
  return flowConnections(model).incoming.get(node) ?? [];
}

/** Sequence flows whose sourceRef is the node (many tools never write `<outgoing>`). */
export function outgoingOf(model: ModelIndex, node: ModdleElement): ModdleElement[] {
  return flowConnections(model).outgoing.get(node) ?? [];
}

const boundaryCache = new WeakMap<ModelIndex, ReadonlyMap<ModdleElement, ModdleElement[]>>();

/** The boundary events attached to an activity. */
export function boundaryEventsOf(model: ModelIndex, activity: ModdleElement): ModdleElement[] {
  let byActivity = boundaryCache.get(model);
  if (!byActivity) {
    const map = new Map<ModdleElement, ModdleElement[]>();
    for (const event of model.ofType('bpmn:BoundaryEvent')) {
      const host = elementProperty(event, 'attachedToRef');
      if (host) appendTo(map, host, event);
    }
    byActivity = map;
    boundaryCache.set(model, byActivity);
  }
  return byActivity.get(activity) ?? [];
}

/** The event definitions an event carries, inline or by `eventDefinitionRef`. */
export function eventDefinitionsOf(event: ModdleElement): ModdleElement[] {
  return [...elementList(event, 'eventDefinitions'), ...elementList(event, 'eventDefinitionRef')];
}

export function definitionKinds(event: ModdleElement): string[] {
  return eventDefinitionsOf(event).map((definition) => definition.$type);
}

export function isEventSubProcess(element: ModdleElement): boolean {
  return isA(element, 'bpmn:SubProcess') && booleanProperty(element, 'triggeredByEvent') === true;
}

/** Compensation handlers stand outside the normal flow. */
export function isForCompensation(element: ModdleElement): boolean {
  return isA(element, 'bpmn:Activity') && booleanProperty(element, 'isForCompensation') === true;
}

/** Caseflow-level rules only look at executable processes: a documentation-only pool never blocks. */
export function isExecutableProcess(element: ModdleElement): boolean {
  return element.$type === 'bpmn:Process' && booleanProperty(element, 'isExecutable') === true;
}

/** The flow element an element is or lies inside (an event definition, a loop characteristic...). */
export function owningFlowElement(model: ModelIndex, element: ModdleElement): ModdleElement | undefined {
  let current: ModdleElement | undefined = element;
  while (current && !model.scopeOf.has(current)) current = current.$parent;
  return current;
}

/** The top-level process an element belongs to (a process belongs to itself), looked up in the index. */
export function processOf(model: ModelIndex, element: ModdleElement): ModdleElement | undefined {
  let current: ModdleElement | undefined = element;
  while (current && current.$type !== 'bpmn:Process' && !model.scopeOf.has(current))
    current = current.$parent;
  if (!current) return undefined;
  return current.$type === 'bpmn:Process' ? current : model.processOf.get(current);
}

/** Whether a flow element, or something inside one, belongs to an executable process. */
export function inExecutableProcess(model: ModelIndex, element: ModdleElement): boolean {
  const owner = owningFlowElement(model, element);
  const process = owner ? model.processOf.get(owner) : undefined;
  return process !== undefined && isExecutableProcess(process);
}

/**
 * Boundary events. Timer, message and signal boundaries are subscribed when their activity has started
 * its work and withdrawn when it ends; error and escalation boundaries are found when something is thrown
 * (see propagation.ts). An interrupting boundary event terminates its activity (and everything inside it)
 * and the token leaves from the boundary event; a non-interrupting one leaves a new token from the boundary
 * event while the activity runs on.
 */
import type { EventDefinition, FlowNode, ProcessGraph } from '../bpmn/graph.js';
import type { Execution } from './execution.js';
import { instanceOwner, keepWaiting, subscribe } from './event-waits.js';
import { createInstance, leave, withdrawBoundaries } from './flow.js';
import { terminateInstance } from './scopes.js';
import type { ElementInstance, EventTrigger, Variables } from './state.js';

const boundariesByGraph = new WeakMap<ProcessGraph, ReadonlyMap<string, readonly FlowNode[]>>();

/** The boundary events attached to `activity`, in document order (indexed once per graph). */
export function boundaryEventsOf(graph: ProcessGraph, activity: string): readonly FlowNode[] {
  let byActivity = boundariesByGraph.get(graph);
  if (!byActivity) {
    const index = new Map<string, FlowNode[]>();
    for (const node of Object.values(graph.nodes)) {
      if (node.type !== 'bpmn:BoundaryEvent' || node.attachedTo === undefined) continue;
      index.set(node.attachedTo, [...(index.get(node.attachedTo) ?? []), node]);
    }
    byActivity = index;
    boundariesByGraph.set(graph, byActivity);
  }
  return byActivity.get(activity) ?? [];
}

/**
 * Subscribes the timer, message and signal boundary events of an activity that has started its work. When
 * one cannot be subscribed (its timer or key expression failed), the others are withdrawn and the activity
 * is at an incident whose retry enters it again.
 */
export function subscribeBoundaries(x: Execution, instance: ElementInstance): void {
  if (instance.boundaries !== undefined) return;
  const boundaries: EventTrigger[] = [];
  for (const boundary of boundaryEventsOf(x.graph, instance.element)) {
    const kind = boundary.eventDefinitions?.[0]?.kind;
    if (kind !== 'timer' && kind !== 'message' && kind !== 'signal' && kind !== 'conditional') continue;
    const wait = subscribe(x, instanceOwner(x, instance, true), boundary);
    if (!wait) {
      instance.boundaries = boundaries;
      return withdrawBoundaries(x, instance);
    }
    boundaries.push({ target: boundary.id, wait });
  }
  if (boundaries.length > 0) instance.boundaries = boundaries;
}

/**
 * The error or escalation boundary event of `activity` that catches `code`: one naming the code, else one
 * without a code (a catch-all).
 */
export function catchingBoundary(
  x: Execution,
  activity: string,
  kind: 'error' | 'escalation',
  code: string,
): FlowNode | undefined {
  const candidates = boundaryEventsOf(x.graph, activity).filter(
    (boundary) => boundary.eventDefinitions?.[0]?.kind === kind,
  );
  return (
    candidates.find((boundary) => codeOf(boundary.eventDefinitions?.[0]) === code) ??
    candidates.find((boundary) => codeOf(boundary.eventDefinitions?.[0]) === undefined)
  );
}

export function codeOf(definition: EventDefinition | undefined): string | undefined {
  if (definition?.kind === 'error') return definition.errorCode;
  if (definition?.kind === 'escalation') return definition.escalationCode;
  return undefined;
}

/** A boundary event of `activity` happened: interrupt the activity or not, then leave from the event. */
export function triggerBoundary(
  x: Execution,
  activity: ElementInstance,
  boundary: FlowNode,
  variables: Variables | undefined,
): void {
  if (boundary.cancelActivity !== false) {
    terminateInstance(x, activity, 'terminated');
  } else if (activity.boundaries) {
    // A non-interrupting timer fires once, or again at its cycle's next occurrence; message and signal
    // boundaries keep waiting. The list stays (even empty) so retrying the activity's entry does not
    // subscribe its boundaries again.
    activity.boundaries = keepWaiting(x, activity.boundaries, boundary.id);
  }
  const caught = createInstance(x, activity.scope, boundary.id);
  caught.result = { ...(variables ?? {}) };
  leave(x, caught);
}

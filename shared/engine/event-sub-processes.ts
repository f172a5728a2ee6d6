/**
 * Event sub-processes. While a scope runs, the timer, message and signal start events of its event
 * sub-processes wait (error and escalation starts are found when something is thrown, see propagation.ts).
 * Starting one runs the event sub-process in a scope of its own inside the scope; an interrupting start
 * first terminates everything else in the scope and withdraws the scope's other starts, a non-interrupting
 * one runs beside it (a message or signal start keeps waiting; a timer start fires once).
 */
import type { FlowNode } from '../bpmn/graph.js';
import type { Execution } from './execution.js';
import { keepWaiting, subscribe } from './event-waits.js';
import { cancelEventWait, createInstance, leave } from './flow.js';
import { openScope, terminateScopeContents } from './scopes.js';
import type { EventTrigger, Scope, Variables } from './state.js';

/** The start events of the event sub-processes directly inside `container` (the process or a sub-process). */
export function eventSubProcessStarts(x: Execution, container: string): FlowNode[] {
  const children =
    container === x.graph.processId ? x.graph.children : (x.graph.nodes[container]?.children ?? []);
  const starts: FlowNode[] = [];
  for (const child of children) {
    const node = x.graph.nodes[child];
    if (node?.triggeredByEvent !== true) continue;
    for (const id of node.children ?? []) {
      const start = x.graph.nodes[id];
      if (start?.type === 'bpmn:StartEvent') starts.push(start);
    }
  }
  return starts;
}

/**
 * Subscribes the timer, message and signal starts of the scope's event sub-processes. When one cannot be
 * subscribed, the others are withdrawn and the scope has an incident whose resolution subscribes again.
 */
export function subscribeEventSubProcesses(x: Execution, scope: Scope): void {
  const triggers: EventTrigger[] = [];
  for (const start of eventSubProcessStarts(x, scope.element)) {
    const kind = start.eventDefinitions?.[0]?.kind;
    if (kind !== 'timer' && kind !== 'message' && kind !== 'signal' && kind !== 'conditional') continue;
    let failed = false;
    const wait = subscribe(
      x,
      {
        id: scope.id,
        scope: scope.id,
        cycles: true,
        fail: (code, message) => {
          failed = true;
          raiseScopeIncident(x, scope, start.id, code, message);
        },
      },
      start,
    );
    if (!wait || failed) {
      for (const trigger of triggers) cancelEventWait(x, scope.id, trigger.wait);
      return;
    }
    triggers.push({ target: start.id, wait });
  }
  if (triggers.length > 0) scope.triggers = triggers;
}

function raiseScopeIncident(
  x: Execution,
  scope: Scope,
  element: string,
  code: string,
  message: string,
): void {
  const id = x.newId('i');
  x.state.incidents[id] = { id, elementInstance: scope.id, element, code, message, retry: 'subscribe' };
  x.commands.push({ kind: 'raiseIncident', incident: id, element, code, message });
}

/**
 * Withdraws the waiting event sub-process starts of a scope that ends or is interrupted, and an incident
 * about subscribing them (there is nothing left to retry).
 */
export function withdrawEventSubProcesses(x: Execution, scope: Scope): void {
  for (const trigger of scope.triggers ?? []) cancelEventWait(x, scope.id, trigger.wait);
  delete scope.triggers;
  for (const incident of Object.values(x.state.incidents)) {
    if (incident.elementInstance === scope.id) delete x.state.incidents[incident.id];
  }
}

/**
 * Starts the event sub-process of `start` inside `scope`, from `start`, with the event's variables as the
 * start event's result.
 */
export function startEventSubProcess(
  x: Execution,
  scope: Scope,
  start: FlowNode,
  variables: Variables | undefined,
): void {
  if (start.interrupting !== false) {
    withdrawEventSubProcesses(x, scope);
    terminateScopeContents(x, scope.id, 'terminated');
  } else if (scope.triggers) {
    // The list stays (even empty) so the scope's starts are not subscribed twice.
    scope.triggers = keepWaiting(x, scope.triggers, start.id);
  }
  const instance = createInstance(x, scope.id, start.scope);
  const inner = openScope(x, instance, start.scope);
  const started = createInstance(x, inner.id, start.id);
  started.result = { ...(variables ?? {}) };
  leave(x, started);
}

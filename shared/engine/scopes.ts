/**
 * Embedded sub-processes as child scopes: entering one opens a scope (its input mappings become the
 * scope's local variables) and starts a token at its none start event; the scope completes when no element
 * instance, parked token or queued arrival is left in it, and the sub-process then leaves like any activity.
 * Terminating an element instance terminates everything inside it first (innermost first).
 */
import type { FlowNode } from '../bpmn/graph.js';
import type { Execution } from './execution.js';
import { subscribeEventSubProcesses, withdrawEventSubProcesses } from './event-sub-processes.js';
import { startNextAdHoc } from './ad-hoc-sub-processes.js';
import { compensationStartOf, finishCancelledTransaction, handOverCompensable } from './compensation.js';
import { leave, withdrawBoundaries, withdrawWait } from './flow.js';
import type { ElementInstance, Scope } from './state.js';

/**
 * A sub-process was entered: open its scope and start at its none start event (a compensation event
 * sub-process, entered as a compensation handler: at its compensation start event).
 */
export function enterSubProcess(x: Execution, instance: ElementInstance, node: FlowNode): void {
  const start =
    compensationStartOf(x, node) ??
    (node.children ?? []).find((id) => {
      const child = x.graph.nodes[id];
      return child?.type === 'bpmn:StartEvent' && (child.eventDefinitions ?? []).length === 0;
    });
  if (start === undefined) {
    const message = `${node.id} has no none start event to start at.`;
    return x.raiseIncident(instance, 'no-start-event', message, 'enter');
  }
  const scope = openScope(x, instance, node.id);
  x.arrivals.push({ scope: scope.id, node: start });
}

/** Opens the scope an element instance's inside runs in; the instance's input-mapped locals move into it. */
export function openScope(x: Execution, instance: ElementInstance, element: string): Scope {
  const scope: Scope = {
    id: x.newId('s'),
    element,
    parent: instance.scope,
    instance: instance.id,
    variables: { ...(instance.variables ?? {}) },
  };
  delete instance.variables;
  if (instance.compensable) scope.compensable = instance.compensable;
  delete instance.compensable;
  x.state.scopes[scope.id] = scope;
  instance.innerScope = scope.id;
  subscribeEventSubProcesses(x, scope);
  return scope;
}

/**
 * Completes the first inner scope that has nothing left to run: its sub-process leaves, its output
 * mappings seeing the scope's local variables. Returns whether one completed.
 */
export function completeFinishedScope(x: Execution): boolean {
  const busy = new Set<string>();
  for (const instance of Object.values(x.state.elementInstances)) busy.add(instance.scope);
  for (const join of Object.values(x.state.joins)) busy.add(join.scope);
  for (const arrival of x.arrivals) busy.add(arrival.scope);
  // A compensation with handlers still to start keeps its scope open.
  for (const scope of Object.values(x.state.scopes)) if (scope.compensating) busy.add(scope.id);
  // An incident subscribing a scope's event sub-processes names the scope; it keeps the scope open.
  for (const incident of Object.values(x.state.incidents)) busy.add(incident.elementInstance);
  for (const scope of Object.values(x.state.scopes)) {
    if (scope.instance === undefined || busy.has(scope.id)) continue;
    const owner = x.state.elementInstances[scope.instance];
    if (owner && startNextAdHoc(x, scope, owner)) return true;
    withdrawEventSubProcesses(x, scope);
    if (!owner?.cancelled) handOverCompensable(x, scope, owner);
    delete x.state.scopes[scope.id];
    if (!owner) continue;
    delete owner.innerScope;
    if (owner.cancelled) {
      finishCancelledTransaction(x, owner);
      return true;
    }
    owner.variables = scope.variables;
    owner.result = {};
    leave(x, owner);
    return true;
  }
  return false;
}

/** Ends an element instance and everything inside it, withdrawing its work and subscriptions. */
export function terminateInstance(
  x: Execution,
  instance: ElementInstance,
  event: 'terminated' | 'cancelled',
): void {
  const inner = instance.innerScope !== undefined ? x.state.scopes[instance.innerScope] : undefined;
  if (inner) {
    withdrawEventSubProcesses(x, inner);
    terminateScopeContents(x, inner.id, event);
    delete x.state.scopes[inner.id];
    delete instance.innerScope;
  }
  withdrawWait(x, instance);
  withdrawBoundaries(x, instance);
  for (const incident of Object.values(x.state.incidents)) {
    if (incident.elementInstance === instance.id) delete x.state.incidents[incident.id];
  }
  x.end(instance, event);
}

/** Ends every element instance, parked token and queued arrival of a scope (and of the scopes inside it). */
export function terminateScopeContents(
  x: Execution,
  scopeId: string,
  event: 'terminated' | 'cancelled',
): void {
  for (const instance of Object.values(x.state.elementInstances)) {
    // An earlier termination in this loop may have removed it already.
    if (instance.scope === scopeId && x.state.elementInstances[instance.id])
      terminateInstance(x, instance, event);
  }
  for (const [key, join] of Object.entries(x.state.joins))
    if (join.scope === scopeId) delete x.state.joins[key];
  for (let index = x.arrivals.length - 1; index >= 0; index--) {
    if (x.arrivals[index]?.scope === scopeId) x.arrivals.splice(index, 1);
  }
}

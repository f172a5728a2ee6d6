/**
 * Compensation. An activity with a compensation handler (associated with its compensation boundary event)
 * that completes is recorded in its scope; a completed sub-process without a handler of its own hands its
 * inner records to its parent scope. A compensation throw (intermediate or end event) compensates the
 * records of its scope (of the enclosing scope when thrown inside an event sub-process): all of them, or
 * those of the activity it names, each once. Their handlers run in that scope one after another, last
 * completed first (the next starts when the previous has ended); with `waitForCompletion` the throw waits
 * until the last handler has ended. Cancelling a transaction
 * compensates what completed in it before its cancel boundary event fires. A handler sees the variables as
 * they were when its activity completed (a snapshot, as its local variables); what it writes goes to the scope.
 * A sub-process with a compensation event sub-process (and no handler of its own) keeps the records of what
 * completed inside it: compensating the sub-process runs that event sub-process instead, and a compensation
 * throw inside it compensates those records.
 */
import type { EventDefinition, FlowNode } from '../bpmn/graph.js';
import { activate } from './behaviours.js';
import type { Execution } from './execution.js';
import { createInstance, leave } from './flow.js';
import { boundaryEventsOf, triggerBoundary } from './boundaries.js';
import { isMultiInstanceBody } from './multi-instance.js';
import { terminateInstance, terminateScopeContents } from './scopes.js';
import type { CompensableActivity, CompensationRun, ElementInstance, Scope } from './state.js';

/**
 * An activity with a compensation handler completed in `scopeId` (a multi-instance activity: each instance,
 * not the body).
 */
export function recordCompensable(x: Execution, scopeId: string, instance: ElementInstance): void {
  const scope = x.state.scopes[scopeId];
  const node = x.node(instance.element);
  const inner = instance.compensable;
  delete instance.compensable;
  const handler = node.compensationHandler ?? compensationEventSubProcessOf(x, node);
  if (!scope || handler === undefined || isMultiInstanceBody(x, instance)) return;
  const variables = x.variablesIn(scopeId, instance);
  scope.compensable = [
    ...(scope.compensable ?? []),
    { activity: node.id, handler, variables, ...(inner ? { inner } : {}) },
  ];
}

/** The start event of a compensation event sub-process. */
export function compensationStartOf(x: Execution, node: FlowNode): string | undefined {
  if (node.triggeredByEvent !== true) return undefined;
  return (node.children ?? []).find((id) => {
    const child = x.graph.nodes[id];
    return child?.type === 'bpmn:StartEvent' && child.eventDefinitions?.[0]?.kind === 'compensate';
  });
}

/** The compensation event sub-process directly inside a sub-process. */
function compensationEventSubProcessOf(x: Execution, node: FlowNode): string | undefined {
  return (node.children ?? []).find((id) => {
    const child = x.graph.nodes[id];
    return child !== undefined && compensationStartOf(x, child) !== undefined;
  });
}

/**
 * A sub-process or multi-instance body scope completed: the records of a body, and those of a sub-process
 * without a handler of its own, belong to the parent scope.
 */
export function handOverCompensable(x: Execution, scope: Scope, owner: ElementInstance | undefined): void {
  const parent = scope.parent !== undefined ? x.state.scopes[scope.parent] : undefined;
  if (!parent || !scope.compensable) return;
  if (owner && !isMultiInstanceBody(x, owner)) {
    const node = x.node(owner.element);
    if (node.compensationHandler !== undefined) return;
    if (compensationEventSubProcessOf(x, node) !== undefined) {
      owner.compensable = scope.compensable;
      return;
    }
  }
  parent.compensable = [...(parent.compensable ?? []), ...scope.compensable];
}

export function throwCompensation(
  x: Execution,
  instance: ElementInstance,
  definition: Extract<EventDefinition, { kind: 'compensate' }>,
): void {
  const scope = compensatedScope(x, instance.scope);
  const records = scope?.compensable ?? [];
  const chosen = records.filter(
    (record) => definition.activity === undefined || record.activity === definition.activity,
  );
  if (scope) {
    const rest = records.filter((record) => !chosen.includes(record));
    if (rest.length > 0) scope.compensable = rest;
    else delete scope.compensable;
  }
  const wait = definition.waitForCompletion === true && chosen.length > 0;
  startCompensation(x, scope?.id ?? instance.scope, chosen, wait ? instance.id : undefined);
  if (!wait) leave(x, instance);
}

/**
 * Compensates `records` in `scopeId`: the handler of the last completed starts now, each other one when the
 * one before has ended (see advanceCompensation); `thrower` leaves after the last.
 */
function startCompensation(
  x: Execution,
  scopeId: string,
  records: readonly CompensableActivity[],
  thrower: string | undefined,
): void {
  const scope = x.state.scopes[scopeId];
  const [first, ...pending] = [...records].reverse();
  if (!scope || !first) return;
  const run: CompensationRun = { running: '', pending, ...(thrower !== undefined ? { thrower } : {}) };
  scope.compensating = [...(scope.compensating ?? []), run];
  startHandler(x, scopeId, run, first);
}

function startHandler(
  x: Execution,
  scopeId: string,
  run: CompensationRun,
  record: CompensableActivity,
): void {
  const handler = createInstance(x, scopeId, record.handler);
  handler.variables = { ...record.variables };
  if (record.inner) handler.compensable = [...record.inner];
  run.running = handler.id;
  activate(x, handler);
}

/**
 * A compensation whose handler has ended starts its next handler, or, after the last, ends (its throw
 * leaves); returns whether one did.
 */
export function advanceCompensation(x: Execution): boolean {
  for (const scope of Object.values(x.state.scopes)) {
    const run = scope.compensating?.find((candidate) => !x.state.elementInstances[candidate.running]);
    if (!run) continue;
    const next = run.pending.shift();
    if (next) {
      startHandler(x, scope.id, run, next);
      return true;
    }
    const rest = (scope.compensating ?? []).filter((candidate) => candidate !== run);
    if (rest.length > 0) scope.compensating = rest;
    else delete scope.compensating;
    const thrower = run.thrower !== undefined ? x.state.elementInstances[run.thrower] : undefined;
    if (thrower) leave(x, thrower);
    return true;
  }
  return false;
}

/**
 * A cancel end event was reached inside a transaction: everything still running in the transaction is
 * terminated and the handlers of what completed in it run one after another (last completed first); when
 * the last has ended and the transaction's scope is empty, its cancel boundary event fires (see completeFinishedScope).
 */
export function cancelTransaction(x: Execution, scopeId: string): void {
  let scope = x.state.scopes[scopeId];
  let owner = scope?.instance !== undefined ? x.state.elementInstances[scope.instance] : undefined;
  while (scope && owner && x.node(owner.element).type !== 'bpmn:Transaction') {
    scope = scope.parent !== undefined ? x.state.scopes[scope.parent] : undefined;
    owner = scope?.instance !== undefined ? x.state.elementInstances[scope.instance] : undefined;
  }
  if (!scope || !owner) return;
  terminateScopeContents(x, scope.id, 'terminated');
  owner.cancelled = true;
  const records = scope.compensable ?? [];
  delete scope.compensable;
  startCompensation(x, scope.id, records, undefined);
}

/** The cancel boundary event of a cancelled transaction, once it has nothing left to run. */
export function finishCancelledTransaction(x: Execution, owner: ElementInstance): void {
  delete owner.cancelled;
  const boundary = boundaryEventsOf(x.graph, owner.element).find(
    (candidate) => candidate.eventDefinitions?.[0]?.kind === 'cancel',
  );
  if (boundary) return triggerBoundary(x, owner, boundary, {});
  terminateInstance(x, owner, 'terminated');
}

/**
 * The scope a throw compensates: its own, or the enclosing one for a throw inside an event sub-process
 * (other than a compensation event sub-process, whose scope holds the records of its sub-process).
 */
function compensatedScope(x: Execution, scopeId: string): Scope | undefined {
  const scope = x.state.scopes[scopeId];
  const owner = scope?.instance !== undefined ? x.state.elementInstances[scope.instance] : undefined;
  const node = owner ? x.node(owner.element) : undefined;
  if (scope && node?.triggeredByEvent === true && !compensationStartOf(x, node) && scope.parent !== undefined)
    return x.state.scopes[scope.parent];
  return scope;
}

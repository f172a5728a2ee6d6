/**
 * Ad-hoc sub-processes. Nothing outside chooses their activities yet, so entering one starts every flow
 * node inside that has no incoming flow (event sub-processes, boundary events and compensation handlers
 * aside): all at once (ordering Parallel) or one after the other in document order, the next when the
 * scope has nothing left to run (Sequential). After each flow node inside completes, the completion
 * condition is evaluated (one that fails to evaluate does not hold); when it holds, no further node starts
 * and, with `cancelRemainingInstances` (the default), what still runs is terminated. The sub-process
 * completes when its scope has nothing left to run.
 */
import type { FlowNode } from '../bpmn/graph.js';
import type { Execution } from './execution.js';
import { openScope, terminateScopeContents } from './scopes.js';
import type { ElementInstance, Scope } from './state.js';

export function enterAdHocSubProcess(x: Execution, instance: ElementInstance, node: FlowNode): void {
  const starts = (node.children ?? []).filter((id) => {
    const child = x.graph.nodes[id];
    return (
      child !== undefined &&
      child.incoming.length === 0 &&
      child.type !== 'bpmn:BoundaryEvent' &&
      child.triggeredByEvent !== true &&
      child.forCompensation !== true
    );
  });
  const scope = openScope(x, instance, node.id);
  const sequential = node.adHoc?.ordering === 'Sequential';
  const now = sequential ? starts.slice(0, 1) : starts;
  if (sequential && starts.length > 1) instance.adHocPending = starts.slice(1);
  for (const start of now) x.arrivals.push({ scope: scope.id, node: start });
}

/**
 * The ad-hoc sub-process whose scope is empty starts its next pending node (Sequential); returns whether
 * it did, so the scope does not complete yet.
 */
export function startNextAdHoc(x: Execution, scope: Scope, owner: ElementInstance): boolean {
  const [next, ...rest] = owner.adHocPending ?? [];
  if (next === undefined) return false;
  if (rest.length > 0) owner.adHocPending = rest;
  else delete owner.adHocPending;
  x.arrivals.push({ scope: scope.id, node: next });
  return true;
}

/** A flow node inside an ad-hoc sub-process completed: check the sub-process's completion condition. */
export function adHocNodeCompleted(x: Execution, scopeId: string): void {
  const scope = x.state.scopes[scopeId];
  const owner = scope?.instance !== undefined ? x.state.elementInstances[scope.instance] : undefined;
  const adHoc = owner ? x.node(owner.element).adHoc : undefined;
  if (!scope || !owner || !adHoc?.completionCondition) return;
  const outcome = x.evaluate(adHoc.completionCondition, x.variablesIn(scope.id));
  if (!outcome.ok || outcome.value !== true) return;
  delete owner.adHocPending;
  if (adHoc.cancelRemainingInstances) terminateScopeContents(x, scope.id, 'terminated');
}

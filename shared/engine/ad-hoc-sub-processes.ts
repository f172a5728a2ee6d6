/**
 * Ad-hoc sub-processes. Entering one starts the flow nodes its Camunda 8 `activeElementsCollection`
 * names (evaluated over the variables at entry; a failed evaluation, a value that is not a list of ids,
 * or ids of no activatable node inside raise an incident); without that expression, every flow node
 * inside that has no incoming flow (event sub-processes, boundary events and compensation handlers
 * aside). They start all at once (ordering Parallel) or one after the other in document order, the next when the
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
  const activatable = (node.children ?? []).filter((id) => {
    const child = x.graph.nodes[id];
    return (
      child !== undefined &&
      child.type !== 'bpmn:BoundaryEvent' &&
      child.triggeredByEvent !== true &&
      child.forCompensation !== true
    );
  });
  const chosen = node.adHoc?.activeElementsCollection;
  let starts = activatable.filter((id) => x.node(id).incoming.length === 0);
  if (chosen) {
    const outcome = x.evaluate(chosen, x.variablesIn(instance.scope, instance));
    if (!outcome.ok) return x.raiseIncident(instance, 'expression-failed', outcome.message, 'enter');
    const ids = outcome.value ?? [];
    if (!Array.isArray(ids) || ids.some((id) => typeof id !== 'string')) {
      const message = `The active elements of ${node.id} must be a list of element ids, not ${JSON.stringify(ids)}.`;
      return x.raiseIncident(instance, 'invalid-active-elements', message, 'enter');
    }
    const unknown = ids.filter((id) => !activatable.includes(id as string));
    if (unknown.length > 0) {
      const message = `${node.id} has no element to activate with id ${unknown.join(', ')}.`;
      return x.raiseIncident(instance, 'invalid-active-elements', message, 'enter');
    }
    starts = ids as string[];
  }
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

/**
 * Multi-instance activities. Entering one creates its body: an element instance whose inner scope holds
 * the output collection, and in which one instance of the activity runs per element of the input
 * collection (or `cardinality` times): all at once (parallel) or one after the other (sequential). Each
 * instance has `loopCounter` (1-based) and the input element as local variables; its output element goes
 * to its index of the output collection. The completion condition is evaluated after each instance
 * completes; when it holds, the remaining instances are terminated. The body completes when no instance
 * is left and then leaves, handing the output collection to its scope. Boundary events belong to the body.
 */
import type { FlowNode, MultiInstanceLoop } from '../bpmn/graph.js';
import type { JsonValue } from '../expressions/json-value.js';
import { subscribeBoundaries } from './boundaries.js';
import type { Execution } from './execution.js';
import { terminateScopeContents } from './scopes.js';
import type { ElementInstance, Scope, Variables } from './state.js';

export function multiInstanceOf(node: FlowNode): MultiInstanceLoop | undefined {
  return node.loop?.kind === 'multiInstance' ? node.loop : undefined;
}

/** Whether the element instance is one instance of a multi-instance activity (not its body). */
export function isMultiInstanceInstance(x: Execution, instance: ElementInstance): boolean {
  return instance.iteration !== undefined && multiInstanceOf(x.node(instance.element)) !== undefined;
}

/** Whether the element instance is the body of a multi-instance activity. */
export function isMultiInstanceBody(x: Execution, instance: ElementInstance): boolean {
  return instance.iteration === undefined && multiInstanceOf(x.node(instance.element)) !== undefined;
}

/** Enters the body: count the instances, subscribe the boundary events, open its scope, start instances. */
export function enterMultiInstance(x: Execution, body: ElementInstance, loop: MultiInstanceLoop): void {
  const count = instanceCount(x, body, loop);
  if (!count) return;
  subscribeBoundaries(x, body);
  if (body.status === 'incident') return;
  const scope: Scope = {
    id: x.newId('s'),
    element: body.element,
    parent: body.scope,
    instance: body.id,
    variables:
      loop.outputCollection !== undefined
        ? { [loop.outputCollection]: new Array<JsonValue>(count.total).fill(null) }
        : {},
  };
  x.state.scopes[scope.id] = scope;
  body.innerScope = scope.id;
  const started = loop.sequential ? Math.min(1, count.total) : count.total;
  body.multiInstance = {
    total: count.total,
    completed: 0,
    next: started,
    ...(count.items ? { items: count.items } : {}),
  };
  for (let index = 0; index < started; index++)
    x.arrivals.push({ scope: scope.id, node: body.element, iteration: index });
}

/** The number of instances (and the collection they iterate over); undefined after raising an incident. */
function instanceCount(
  x: Execution,
  body: ElementInstance,
  loop: MultiInstanceLoop,
): { readonly total: number; readonly items?: JsonValue[] } | undefined {
  const expression = loop.inputCollection ?? loop.cardinality;
  if (!expression) {
    const message = `${body.element} has neither an input collection nor a loop cardinality.`;
    x.raiseIncident(body, 'invalid-multi-instance', message, 'enter');
    return undefined;
  }
  const outcome = x.evaluate(expression, x.variablesIn(body.scope));
  if (!outcome.ok) {
    x.raiseIncident(body, 'expression-failed', outcome.message, 'enter');
    return undefined;
  }
  const value = outcome.value;
  if (loop.inputCollection) {
    if (Array.isArray(value)) return { total: value.length, items: value };
    const message = `The input collection of ${body.element} gave ${JSON.stringify(value)}, not a list.`;
    x.raiseIncident(body, 'invalid-multi-instance', message, 'enter');
    return undefined;
  }
  // A Camunda 7 cardinality may be plain text (`3`), which arrives as a string.
  const total = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
  if (typeof total === 'number' && Number.isInteger(total) && total >= 0) return { total };
  const message = `The loop cardinality of ${body.element} gave ${JSON.stringify(value)}, not a whole number.`;
  x.raiseIncident(body, 'invalid-multi-instance', message, 'enter');
  return undefined;
}

/** The body an instance of a multi-instance activity runs in, with its scope. */
function bodyOf(
  x: Execution,
  instance: ElementInstance,
): { readonly scope: Scope; readonly body: ElementInstance } | undefined {
  const scope = x.state.scopes[instance.scope];
  const body = scope?.instance !== undefined ? x.state.elementInstances[scope.instance] : undefined;
  return scope && body?.multiInstance ? { scope, body } : undefined;
}

/** The local variables an instance starts with: `loopCounter` (1-based) and its input element. */
export function instanceLocals(x: Execution, instance: ElementInstance, loop: MultiInstanceLoop): Variables {
  const index = instance.iteration ?? 0;
  const locals: Variables = { loopCounter: index + 1 };
  if (loop.inputElement !== undefined)
    locals[loop.inputElement] = bodyOf(x, instance)?.body.multiInstance?.items?.[index] ?? null;
  return locals;
}

/**
 * One instance finished its work (`outputs` are its mapped outputs, `view` what it sees): store its output
 * element, count it, and either end the body's remaining instances (completion condition), start the next
 * sequential instance, or wait for the others. An expression failure is an incident retrying the leave step.
 */
export function completeInstance(
  x: Execution,
  instance: ElementInstance,
  loop: MultiInstanceLoop,
  view: Variables,
  outputs: Variables,
): void {
  const owner = bodyOf(x, instance);
  if (!owner?.body.multiInstance) return x.end(instance, 'completed');
  const { scope, body } = owner;
  const counts = body.multiInstance as NonNullable<ElementInstance['multiInstance']>;
  const seen = { ...view, ...outputs };
  let element: JsonValue | undefined;
  if (loop.outputCollection !== undefined && loop.outputElement) {
    const outcome = x.evaluate(loop.outputElement, seen);
    if (!outcome.ok) return x.raiseIncident(instance, 'expression-failed', outcome.message, 'leave');
    element = outcome.value;
  }
  const completed = counts.completed + 1;
  let done = false;
  if (loop.completionCondition) {
    const active = Object.values(x.state.elementInstances).filter(
      (other) => other.scope === scope.id && other !== instance,
    ).length;
    // Camunda 8's names and Camunda 7's, as each evaluates its completion condition.
    const figures = {
      numberOfInstances: counts.total,
      numberOfActiveInstances: active,
      numberOfCompletedInstances: completed,
      numberOfTerminatedInstances: 0,
      nrOfInstances: counts.total,
      nrOfActiveInstances: active,
      nrOfCompletedInstances: completed,
    };
    const outcome = x.evaluate(loop.completionCondition, { ...seen, ...figures });
    if (!outcome.ok) return x.raiseIncident(instance, 'expression-failed', outcome.message, 'leave');
    if (outcome.value !== null && typeof outcome.value !== 'boolean') {
      const message = `The completion condition of ${instance.element} gave ${JSON.stringify(outcome.value)}, not a boolean.`;
      return x.raiseIncident(instance, 'condition-not-boolean', message, 'leave');
    }
    done = outcome.value === true;
  }
  x.setVariables(instance.scope, outputs);
  const collection = loop.outputCollection !== undefined ? scope.variables[loop.outputCollection] : undefined;
  if (element !== undefined && Array.isArray(collection)) collection[instance.iteration ?? 0] = element;
  counts.completed = completed;
  x.end(instance, 'completed');
  // The body completes once its scope is empty (see completeFinishedScope).
  if (done) return terminateScopeContents(x, scope.id, 'terminated');
  if (loop.sequential && counts.next < counts.total) {
    x.arrivals.push({ scope: scope.id, node: instance.element, iteration: counts.next });
    counts.next++;
  }
}

/** What the body hands to its scope when it completes: the output collection. */
export function bodyOutputs(body: ElementInstance, loop: MultiInstanceLoop): Variables {
  if (loop.outputCollection === undefined) return {};
  return { [loop.outputCollection]: body.variables?.[loop.outputCollection] ?? null };
}

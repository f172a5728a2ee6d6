/**
 * Multi-instance activities. Entering one creates its body: an element instance whose inner scope holds
 * the output collection, and in which one instance of the activity runs per element of the input
 * collection (or `cardinality` times): all at once (parallel) or one after the other (sequential). Each
 * instance has `loopCounter` (1-based) and the input element as local variables; its output element goes
 * to its index of the output collection. The completion condition is evaluated after each instance
 * completes; when it holds, the remaining instances are terminated. The body completes when no instance
 * is left and then leaves, handing the output collection to its scope. Boundary events belong to the body.
 * As instances complete, the body throws the behaviour events its `behavior` names.
 */
import type { EventDefinition, FlowNode, MultiInstanceLoop } from '../bpmn/graph.js';
import type { JsonValue } from '../expressions/json-value.js';
import { subscribeBoundaries } from './boundaries.js';
import { recordCompensable } from './compensation.js';
import { fire, signalMatches, waitingCatches } from './event-waits.js';
import type { Execution } from './execution.js';
import { findCatcher, triggerCatcher } from './propagation.js';
import { terminateScopeContents } from './scopes.js';
import type { ElementInstance, MultiInstanceBody, Scope, Variables } from './state.js';

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
  const counts = body.multiInstance as MultiInstanceBody;
  const seen = { ...view, ...outputs };
  let element: JsonValue | undefined;
  if (loop.outputCollection !== undefined && loop.outputElement) {
    const outcome = x.evaluate(loop.outputElement, seen);
    if (!outcome.ok) return x.raiseIncident(instance, 'expression-failed', outcome.message, 'leave');
    element = outcome.value;
  }
  const completed = counts.completed + 1;
  const counted = { ...seen, ...countsSeen(counts, activeBeside(x, scope, instance), completed) };
  let done = false;
  if (loop.completionCondition) {
    const outcome = x.evaluate(loop.completionCondition, counted);
    if (!outcome.ok) return x.raiseIncident(instance, 'expression-failed', outcome.message, 'leave');
    if (outcome.value !== null && typeof outcome.value !== 'boolean') {
      const message = `The completion condition of ${instance.element} gave ${JSON.stringify(outcome.value)}, not a boolean.`;
      return x.raiseIncident(instance, 'condition-not-boolean', message, 'leave');
    }
    done = outcome.value === true;
  }
  const thrown = behaviorEvents(x, instance, loop, completed, counted);
  if (!thrown) return;
  x.setVariables(instance.scope, outputs);
  const collection = loop.outputCollection !== undefined ? scope.variables[loop.outputCollection] : undefined;
  if (element !== undefined && Array.isArray(collection)) collection[instance.iteration ?? 0] = element;
  counts.completed = completed;
  x.end(instance, 'completed');
  // Each instance is compensated on its own (the body hands the records to its scope when it completes).
  recordCompensable(x, scope.id, instance);
  // The body completes once its scope is empty (see completeFinishedScope).
  if (done) terminateScopeContents(x, scope.id, 'terminated');
  else if (loop.sequential && counts.next < counts.total) {
    x.arrivals.push({ scope: scope.id, node: instance.element, iteration: counts.next });
    counts.next++;
  }
  for (const event of thrown) throwBehaviorEvent(x, body, event);
}

/** The other instances of the body still running. */
function activeBeside(x: Execution, scope: Scope, instance: ElementInstance): number {
  return Object.values(x.state.elementInstances).filter(
    (other) => other.scope === scope.id && other !== instance,
  ).length;
}

/** The figures a completion condition sees: Camunda 8's names and Camunda 7's. */
function countsSeen(counts: MultiInstanceBody, active: number, completed: number): Variables {
  return {
    numberOfInstances: counts.total,
    numberOfActiveInstances: active,
    numberOfCompletedInstances: completed,
    numberOfTerminatedInstances: 0,
    nrOfInstances: counts.total,
    nrOfActiveInstances: active,
    nrOfCompletedInstances: completed,
  };
}

/**
 * The events the body throws as an instance completes (BPMN behaviour): None, the `noneBehaviorEventRef`
 * each time; One, the `oneBehaviorEventRef` for the first instance only; Complex, the events of every
 * complex behaviour definition whose condition holds; All, none. Undefined after raising an incident.
 */
function behaviorEvents(
  x: Execution,
  instance: ElementInstance,
  loop: MultiInstanceLoop,
  completed: number,
  variables: Variables,
): EventDefinition[] | undefined {
  if (loop.behavior === 'None' || (loop.behavior === 'One' && completed === 1))
    return loop.behaviorEvent ? [loop.behaviorEvent] : [];
  if (loop.behavior !== 'Complex') return [];
  const events: EventDefinition[] = [];
  for (const definition of loop.complexBehavior ?? []) {
    if (definition.condition) {
      const outcome = x.evaluate(definition.condition, variables);
      if (!outcome.ok) {
        x.raiseIncident(instance, 'expression-failed', outcome.message, 'leave');
        return undefined;
      }
      if (outcome.value !== true) continue;
    }
    events.push(...definition.events);
  }
  return events;
}

/**
 * The body throws a behaviour event as the activity's own implicit throw: a signal reaches what waits
 * for it (here at once, elsewhere through `broadcastSignal`), a message is published, an escalation goes
 * to its catcher from the body (its boundary events first). Other kinds throw nothing.
 */
function throwBehaviorEvent(x: Execution, body: ElementInstance, event: EventDefinition): void {
  if (event.kind === 'signal') {
    const signalName = event.signalName ?? '';
    x.commands.push({ kind: 'broadcastSignal', element: body.element, signalName });
    for (const waiting of waitingCatches(x.state, signalMatches(signalName))) fire(x, waiting, {});
  } else if (event.kind === 'message') {
    const messageName = event.messageName ?? '';
    x.commands.push({ kind: 'publishMessage', element: body.element, messageName, variables: {} });
  } else if (event.kind === 'escalation') {
    const code = event.escalationCode ?? '';
    const catcher = findCatcher(x, { activity: body, scope: body.scope }, 'escalation', code);
    // An earlier behaviour event may have ended the body already.
    if (catcher && x.state.elementInstances[body.id] === body) triggerCatcher(x, catcher, {});
  }
}

/** What the body hands to its scope when it completes: the output collection. */
export function bodyOutputs(body: ElementInstance, loop: MultiInstanceLoop): Variables {
  if (loop.outputCollection === undefined) return {};
  return { [loop.outputCollection]: body.variables?.[loop.outputCollection] ?? null };
}

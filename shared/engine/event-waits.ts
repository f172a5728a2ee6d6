/**
 * Waiting for timers, messages and signals: subscribing a catch (intermediate catch event, receive task, or
 * an event-based gateway's alternatives), finding what waits for an event, and firing it. An event-based
 * gateway waits for all its alternatives at once; with the (default) Exclusive type the first to fire wins and
 * the others are withdrawn, with the Parallel type each alternative fires once and the gateway completes
 * after the last.
 */
import type { EventDefinition, Expression, FlowNode } from '../bpmn/graph.js';
import type { Execution } from './execution.js';
import { triggerBoundary } from './boundaries.js';
import { startEventSubProcess } from './event-sub-processes.js';
import { createInstance, leave, withdrawWait } from './flow.js';
import { addDuration, parseCycle, parseDateTime, parseDuration } from '../time/iso8601.js';
import type { ElementInstance, EngineState, EventTrigger, EventWait, Scope, Variables } from './state.js';

/** What `node` catches: its first event definition, or the message of a receive task. */
function caught(node: FlowNode): EventDefinition | undefined {
  if (node.type === 'bpmn:ReceiveTask') return { kind: 'message', ...node.message };
  return node.eventDefinitions?.[0];
}

/**
 * Who subscribes: an element instance (its id, scope and locals), or a scope for its event sub-processes.
 * `fail` raises the incident when the subscription cannot be made.
 */
export interface WaitOwner {
  readonly id: string;
  readonly scope: string;
  readonly variables?: Variables;
  /**
   * Whether a timer cycle repeats here (boundary events and event sub-process starts); a catch event or
   * event-based gateway alternative waits for the cycle's first occurrence only.
   */
  readonly cycles?: boolean;
  fail(code: string, message: string): void;
}

/** The owner for an element instance's own catches: failures are incidents that retry its entry. */
export function instanceOwner(x: Execution, instance: ElementInstance, cycles = false): WaitOwner {
  return {
    id: instance.id,
    scope: instance.scope,
    cycles,
    ...(instance.variables ? { variables: instance.variables } : {}),
    fail: (code, message) => x.raiseIncident(instance, code, message, 'enter'),
  };
}

/**
 * Subscribes `owner` to what `node` catches and returns the wait; returns undefined after `owner.fail`
 * (an expression failed or the construct is not supported).
 */
export function subscribe(x: Execution, owner: WaitOwner, node: FlowNode): EventWait | undefined {
  const definition = caught(node);
  if (definition?.kind === 'message') {
    const key = correlationKey(x, owner, node, definition.correlationKey);
    if (key === null) return undefined;
    const messageName = definition.messageName ?? '';
    const keyPart = key !== undefined ? { correlationKey: key } : {};
    x.commands.push({ kind: 'subscribeMessage', elementInstance: owner.id, messageName, ...keyPart });
    return { kind: 'message', messageName, ...keyPart };
  }
  if (definition?.kind === 'signal') {
    const signalName = definition.signalName ?? '';
    x.commands.push({ kind: 'subscribeSignal', elementInstance: owner.id, signalName });
    return { kind: 'signal', signalName };
  }
  if (definition?.kind === 'timer') return startTimer(x, owner, node, definition);
  if (definition?.kind === 'conditional') {
    // Evaluated once the current step has settled (see conditional-events.ts), then on variable changes.
    x.conditionsDirty = true;
    return { kind: 'conditional' };
  }
  const what = definition ? `${definition.kind} catch events` : `${node.type} after an event-based gateway`;
  owner.fail('unsupported', `The engine does not run ${what} yet.`);
  return undefined;
}

/** The evaluated correlation key; undefined when there is none, null after raising an incident. */
function correlationKey(
  x: Execution,
  owner: WaitOwner,
  node: FlowNode,
  expression: Expression | undefined,
): string | undefined | null {
  if (!expression) return undefined;
  const outcome = x.evaluate(expression, x.variablesIn(owner.scope, owner));
  if (!outcome.ok || outcome.value === null) {
    const message = outcome.ok ? `The correlation key of ${node.id} is null.` : outcome.message;
    owner.fail('expression-failed', message);
    return null;
  }
  return typeof outcome.value === 'string' ? outcome.value : JSON.stringify(outcome.value);
}

function startTimer(
  x: Execution,
  owner: WaitOwner,
  node: FlowNode,
  definition: Extract<EventDefinition, { kind: 'timer' }>,
): EventWait | undefined {
  const expression = definition.timeDuration ?? definition.timeDate;
  if (!expression) {
    if (definition.timeCycle) return startCycle(x, owner, node, definition.timeCycle);
    owner.fail('unsupported', 'The engine does not run this timer.');
    return undefined;
  }
  const outcome = x.evaluate(expression, x.variablesIn(owner.scope, owner));
  if (!outcome.ok) {
    owner.fail('expression-failed', outcome.message);
    return undefined;
  }
  const text = typeof outcome.value === 'string' ? outcome.value : '';
  const due = definition.timeDuration ? afterDuration(x.now, text) : atDateTime(text);
  if (due === undefined) {
    const expected = definition.timeDuration ? 'duration' : 'date-time';
    const message = `The timer of ${node.id} is not an ISO 8601 ${expected}: ${JSON.stringify(outcome.value)}`;
    owner.fail('invalid-timer', message);
    return undefined;
  }
  const timer = x.newId('timer');
  x.commands.push({ kind: 'startTimer', timer, element: node.id, due });
  return { kind: 'timer', timer, due };
}

/**
 * A timer cycle `R[n]/duration`, `R[n]/start/duration`, `R[n]/duration/end` or `R[n]/start/duration/end`:
 * first due after one interval (or at the start), then again after each interval while repetitions remain
 * and the end is not passed (see `nextOccurrence`); where cycles do not repeat, only the first occurrence.
 * A cycle whose first occurrence is already after its end never fires: an incident.
 */
function startCycle(
  x: Execution,
  owner: WaitOwner,
  node: FlowNode,
  expression: Expression,
): EventWait | undefined {
  const outcome = x.evaluate(expression, x.variablesIn(owner.scope, owner));
  if (!outcome.ok) {
    owner.fail('expression-failed', outcome.message);
    return undefined;
  }
  const cycle = typeof outcome.value === 'string' ? parseCycle(outcome.value) : undefined;
  if (!cycle || cycle.repetitions === 0) {
    const message = `The timer cycle of ${node.id} is not an ISO 8601 repeating interval with n > 0: ${JSON.stringify(outcome.value)}`;
    owner.fail('invalid-timer', message);
    return undefined;
  }
  const due = cycle.start
    ? new Date(cycle.start.epochMs).toISOString()
    : new Date(addDuration(Date.parse(x.now), cycle.duration)).toISOString();
  const until = cycle.end ? new Date(cycle.end.epochMs).toISOString() : undefined;
  if (until !== undefined && due > until) {
    owner.fail('invalid-timer', `The timer cycle of ${node.id} ends before its first occurrence (${due}).`);
    return undefined;
  }
  const timer = x.newId('timer');
  x.commands.push({ kind: 'startTimer', timer, element: node.id, due });
  if (owner.cycles !== true) return { kind: 'timer', timer, due };
  const remaining = cycle.repetitions === undefined ? {} : { remaining: cycle.repetitions - 1 };
  const end = until !== undefined ? { until } : {};
  return { kind: 'timer', timer, due, cycle: { every: cycle.duration, ...remaining, ...end } };
}

/**
 * After a cycle timer fired where the catch keeps waiting (non-interrupting): the next occurrence, one
 * interval after the last due instant, as a new timer; undefined when the cycle is over (or was no cycle).
 */
export function nextOccurrence(x: Execution, wait: EventWait, element: string): EventWait | undefined {
  if (wait.kind !== 'timer' || !wait.cycle || wait.cycle.remaining === 0) return undefined;
  const due = new Date(addDuration(Date.parse(wait.due), wait.cycle.every)).toISOString();
  const until = wait.cycle.until;
  if (until !== undefined && due > until) return undefined;
  const timer = x.newId('timer');
  x.commands.push({ kind: 'startTimer', timer, element, due });
  const remaining = wait.cycle.remaining === undefined ? {} : { remaining: wait.cycle.remaining - 1 };
  const end = until !== undefined ? { until } : {};
  return { kind: 'timer', timer, due, cycle: { every: wait.cycle.every, ...remaining, ...end } };
}

/**
 * The triggers that still wait after `fired` happened without interrupting: a timer only for its next
 * occurrence, a condition until it becomes true again.
 */
export function keepWaiting(x: Execution, triggers: readonly EventTrigger[], fired: string): EventTrigger[] {
  const kept: EventTrigger[] = [];
  for (const trigger of triggers) {
    // A condition that held fires again only after it was false.
    if (trigger.target === fired && trigger.wait.kind === 'conditional')
      kept.push({ target: fired, wait: { kind: 'conditional', holds: true } });
    else if (trigger.target !== fired || trigger.wait.kind !== 'timer') kept.push(trigger);
    else {
      const next = nextOccurrence(x, trigger.wait, trigger.target);
      if (next) kept.push({ target: trigger.target, wait: next });
    }
  }
  return kept;
}

/** The due instant `duration` after `now`, or undefined when the text is not an ISO 8601 duration. */
function afterDuration(now: string, text: string): string | undefined {
  const duration = parseDuration(text);
  return duration ? new Date(addDuration(Date.parse(now), duration)).toISOString() : undefined;
}

/** The due instant a date-time names (UTC when it has no offset), or undefined when it is not ISO 8601. */
function atDateTime(text: string): string | undefined {
  const dateTime = parseDateTime(text);
  return dateTime ? new Date(dateTime.epochMs).toISOString() : undefined;
}

/** An event-based gateway subscribes to every catch that follows it. */
export function waitForFirstEvent(x: Execution, instance: ElementInstance): void {
  const triggers: EventTrigger[] = [];
  for (const flow of x.outgoing(instance.element)) {
    const target = x.graph.flows[flow]?.target;
    if (target === undefined) continue;
    const wait = subscribe(x, instanceOwner(x, instance), x.node(target));
    if (!wait) {
      instance.wait = { kind: 'eventGateway', triggers };
      withdrawWait(x, instance);
      return;
    }
    triggers.push({ target, wait });
  }
  instance.wait = { kind: 'eventGateway', triggers };
}

/**
 * What waits for an event: an element instance's own catch (`wait`), one alternative of an event-based
 * gateway, or a boundary event of an activity; `target` is the catch event that happens (gateway, boundary).
 */
export type WaitingCatch =
  | { readonly via: 'wait'; readonly instance: ElementInstance }
  | { readonly via: 'gateway' | 'boundary'; readonly instance: ElementInstance; readonly target: string }
  | { readonly via: 'eventSubProcess'; readonly scope: Scope; readonly target: string };

/** Every waiting catch whose wait satisfies `matches`, in element-instance order (boundaries after the own wait). */
export function waitingCatches(state: EngineState, matches: (wait: EventWait) => boolean): WaitingCatch[] {
  const found: WaitingCatch[] = [];
  for (const instance of Object.values(state.elementInstances)) {
    const wait = instance.wait;
    if (instance.status === 'waiting' && wait) {
      if (wait.kind === 'eventGateway') {
        const trigger = wait.triggers.find((candidate) => matches(candidate.wait));
        if (trigger) found.push({ via: 'gateway', instance, target: trigger.target });
      } else if (wait.kind !== 'job' && wait.kind !== 'userTask' && wait.kind !== 'call' && matches(wait)) {
        found.push({ via: 'wait', instance });
      }
    }
    for (const boundary of instance.boundaries ?? []) {
      if (matches(boundary.wait)) found.push({ via: 'boundary', instance, target: boundary.target });
    }
  }
  for (const scope of Object.values(state.scopes)) {
    for (const trigger of scope.triggers ?? []) {
      if (matches(trigger.wait)) found.push({ via: 'eventSubProcess', scope, target: trigger.target });
    }
  }
  return found;
}

export const messageMatches =
  (messageName: string, key: string | undefined) =>
  (wait: EventWait): boolean =>
    wait.kind === 'message' &&
    wait.messageName === messageName &&
    (wait.correlationKey === undefined || wait.correlationKey === key);

export const signalMatches =
  (signalName: string) =>
  (wait: EventWait): boolean =>
    wait.kind === 'signal' && wait.signalName === signalName;

export const timerMatches =
  (timer: string) =>
  (wait: EventWait): boolean =>
    wait.kind === 'timer' && wait.timer === timer;

/**
 * The event happened: a plain catch completes with the event's variables; an event-based gateway
 * withdraws its other alternatives, completes, and the chosen catch event completes right after it; a
 * boundary event interrupts its activity or not.
 */
export function fire(x: Execution, waiting: WaitingCatch, variables: Variables | undefined): void {
  if (waiting.via === 'eventSubProcess') {
    // An earlier catch of the same event may have ended the scope or withdrawn this start already.
    const { scope, target } = waiting;
    if (x.state.scopes[scope.id] !== scope || !scope.triggers?.some((trigger) => trigger.target === target))
      return;
    return startEventSubProcess(x, scope, x.node(target), variables);
  }
  const { instance } = waiting;
  // An earlier catch of the same event (a signal) may have ended this instance already.
  if (x.state.elementInstances[instance.id] !== instance) return;
  if (waiting.via === 'wait') {
    delete instance.wait;
    instance.result = { ...(variables ?? {}) };
    return leave(x, instance);
  }
  if (waiting.via === 'boundary') return triggerBoundary(x, instance, x.node(waiting.target), variables);
  const wait = instance.wait;
  if (wait?.kind === 'eventGateway') {
    const rest = wait.triggers.filter((trigger) => trigger.target !== waiting.target);
    instance.wait = { kind: 'eventGateway', triggers: rest };
    const parallel = x.node(instance.element).eventGatewayType === 'Parallel';
    if (!parallel || rest.length === 0) {
      withdrawWait(x, instance);
      x.end(instance, 'completed');
    }
  }
  const caughtBy = createInstance(x, instance.scope, waiting.target);
  caughtBy.result = { ...(variables ?? {}) };
  leave(x, caughtBy);
}

/** The instantiating event-based gateway that `node` is an alternative of, if any. */
export function instantiatingGatewayOf(x: Execution, node: string): string | undefined {
  for (const flow of x.incoming(node)) {
    const source = x.graph.flows[flow]?.source;
    const gateway = source !== undefined ? x.graph.nodes[source] : undefined;
    if (gateway?.type === 'bpmn:EventBasedGateway' && gateway.instantiate === true) return gateway.id;
  }
  return undefined;
}

/**
 * An instance started by the event one alternative of an instantiating event-based gateway waits for: the
 * gateway subscribes to all its alternatives as usual, then that alternative fires at once.
 */
export function startAtEventGateway(x: Execution, gateway: ElementInstance, alternative: string): void {
  const wait = gateway.wait;
  if (gateway.status !== 'waiting' || wait?.kind !== 'eventGateway') return;
  if (!wait.triggers.some((trigger) => trigger.target === alternative)) return;
  fire(x, { via: 'gateway', instance: gateway, target: alternative }, undefined);
}

/**
 * Token movement: a token arrives at a node (over a flow, or directly at a start event), becomes an element
 * instance there, runs the node's behaviour, and leaves over the flows the node chooses. Arrivals are
 * processed first in first out until nothing can move; then converging inclusive gateways are checked and
 * the instance completes when no token is left.
 */
import type { FlowNode } from '../bpmn/graph.js';
import { adHocNodeCompleted } from './ad-hoc-sub-processes.js';
import { activate } from './behaviours.js';
import { callOutputs } from './call-activities.js';
import { advanceCompensation, recordCompensable } from './compensation.js';
import { fireConditionalEvents } from './conditional-events.js';
import type { Execution } from './execution.js';
import { chooseFlows, isJoin, joinCanFire } from './gateways.js';
import { withdrawEventSubProcesses } from './event-sub-processes.js';
import { bodyOutputs, completeInstance, multiInstanceOf } from './multi-instance.js';
import { completeFinishedScope, terminateScopeContents } from './scopes.js';
import { nextIteration } from './standard-loops.js';
import type { ElementInstance, EventWait, Join, Variables } from './state.js';

export function createInstance(x: Execution, scope: string, element: string): ElementInstance {
  const instance: ElementInstance = { id: x.newId('e'), element, scope, status: 'waiting' };
  x.state.elementInstances[instance.id] = instance;
  return instance;
}

/**
 * Runs queued arrivals, joins, finished scopes and conditional events whose condition became true until
 * the instance is waiting, ended, or stuck at incidents.
 */
export function settle(x: Execution): void {
  for (;;) {
    while (x.arrivals.length > 0 && x.state.status === 'active') {
      const arrival = x.arrivals.shift() as (typeof x.arrivals)[number];
      const node = x.node(arrival.node);
      if (arrival.again !== undefined) {
        // A standard loop's next iteration, unless the activity was ended meanwhile.
        const again = x.state.elementInstances[arrival.again];
        if (again) activate(x, again);
      } else if (isJoin(x, node) && arrival.flow !== undefined) {
        arriveAtJoin(x, arrival.scope, node.id, arrival.flow);
      } else {
        const instance = createInstance(x, arrival.scope, node.id);
        if (arrival.iteration !== undefined) instance.iteration = arrival.iteration;
        activate(x, instance);
      }
    }
    if (x.state.status !== 'active') break;
    const ready = Object.values(x.state.joins).find((join) => joinCanFire(x, join));
    if (ready) fireJoin(x, ready);
    else if (!advanceCompensation(x) && !completeFinishedScope(x) && !fireConditionalEvents(x)) break;
  }
  completeIfDone(x);
}

function arriveAtJoin(x: Execution, scope: string, gateway: string, flow: string): void {
  const key = `${scope}/${gateway}`;
  const join: Join = x.state.joins[key] ?? { gateway, scope, arrivals: [] };
  x.state.joins[key] = join;
  join.arrivals.push({ token: x.newId('t'), flow });
}

/**
 * A gateway consumes one waiting token per incoming flow that has one and then runs like a split; an
 * activity with a start quantity consumes that many; a complex gateway consumes every waiting token when
 * it fires, and drops the join when its wave is over.
 */
function fireJoin(x: Execution, join: Join): void {
  const node = x.node(join.gateway);
  const key = `${join.scope}/${join.gateway}`;
  if (node.type === 'bpmn:ComplexGateway') {
    // Fired before: the wave is over, the tokens it absorbed are dropped. Else fire with every waiting token.
    const reset = join.fired === true;
    join.arrivals = [];
    join.fired = true;
    if (reset) delete x.state.joins[key];
    else activate(x, createInstance(x, join.scope, join.gateway));
    return;
  }
  const startQuantity = node.startQuantity ?? 1;
  if (startQuantity > 1) {
    join.arrivals = join.arrivals.slice(startQuantity);
  } else {
    const consumed = new Set<string>();
    join.arrivals = join.arrivals.filter((arrival) => {
      if (consumed.has(arrival.flow)) return true;
      consumed.add(arrival.flow);
      return false;
    });
  }
  if (join.arrivals.length === 0) delete x.state.joins[key];
  activate(x, createInstance(x, join.scope, join.gateway));
}

/**
 * The element instance has finished its work: map its outputs, choose outgoing flows, end it, and send
 * its token on. An expression failure leaves it at an incident; resolving the incident retries this step.
 * One instance of a multi-instance activity reports to its body instead, and a standard loop may run its
 * activity again.
 */
export function leave(x: Execution, instance: ElementInstance): void {
  const node = x.node(instance.element);
  // Output mappings see the process variables, the element's locals and what the element produced.
  const view = { ...x.variablesIn(instance.scope, instance), ...(instance.result ?? {}) };
  const outputs = outputsOf(x, instance, node, view);
  if (!outputs) return;
  const multiInstance = multiInstanceOf(node);
  if (multiInstance && instance.iteration !== undefined)
    return completeInstance(x, instance, multiInstance, view, outputs);
  if (node.loop?.kind === 'standard' && instance.iteration !== undefined) {
    const again = nextIteration(x, instance, node.loop, outputs);
    if (again !== false) return;
  }
  const choice = chooseFlows(x, node, { ...x.variablesIn(instance.scope), ...outputs });
  if (!choice.ok) return x.raiseIncident(instance, choice.code, choice.message, 'leave');
  x.setVariables(instance.scope, outputs);
  withdrawBoundaries(x, instance);
  x.end(instance, 'completed');
  recordCompensable(x, instance.scope, instance);
  // A completion quantity above 1 sends that many tokens down every flow taken.
  for (let copy = 0; copy < (node.completionQuantity ?? 1); copy++) {
    for (const flow of choice.flows)
      x.arrivals.push({ scope: instance.scope, node: flow.target, flow: flow.id });
  }
  // Last, so an ad-hoc sub-process that completes now also drops the tokens this node just sent on.
  if (x.graph.nodes[node.scope]?.adHoc) adHocNodeCompleted(x, instance.scope);
}

/**
 * What a finishing element instance writes to its scope: its mapped outputs when it has output mappings,
 * else its result (a multi-instance body: its output collection; a call activity: see callOutputs).
 * Undefined after raising an incident.
 */
function outputsOf(
  x: Execution,
  instance: ElementInstance,
  node: FlowNode,
  view: Variables,
): Variables | undefined {
  const multiInstance = multiInstanceOf(node);
  if (multiInstance && instance.iteration === undefined) return bodyOutputs(instance, multiInstance);
  const mappings = node.io?.outputs ?? [];
  if (mappings.length === 0) {
    const result = instance.result ?? {};
    return node.call ? callOutputs(x, instance, node.call, result) : { ...result };
  }
  const outputs: Variables = {};
  for (const mapping of mappings) {
    const outcome = x.evaluate(mapping.source, { ...view, ...outputs });
    if (!outcome.ok) {
      x.raiseIncident(instance, 'expression-failed', outcome.message, 'leave');
      return undefined;
    }
    outputs[mapping.target] = outcome.value;
  }
  return outputs;
}

/** Ends every element instance and waiting token: terminate end events, uncaught errors, cancel. */
export function terminateAll(x: Execution, event: 'terminated' | 'cancelled'): void {
  const root = x.state.scopes[x.state.rootScope];
  if (root) withdrawEventSubProcesses(x, root);
  terminateScopeContents(x, x.state.rootScope, event);
  x.state.joins = {};
  x.state.incidents = {};
  x.arrivals.length = 0;
}

/** Withdraws what an element instance waits for (its work, or its catches), e.g. when it is terminated. */
export function withdrawWait(x: Execution, instance: ElementInstance): void {
  const wait = instance.wait;
  if (!wait) return;
  delete instance.wait;
  if (wait.kind === 'job' || wait.kind === 'userTask') {
    x.commands.push({ kind: 'cancelWork', elementInstance: instance.id, element: instance.element });
    return;
  }
  if (wait.kind === 'call') {
    x.commands.push({ kind: 'cancelCall', elementInstance: instance.id, element: instance.element });
    return;
  }
  const waits = wait.kind === 'eventGateway' ? wait.triggers.map((trigger) => trigger.wait) : [wait];
  for (const each of waits) cancelEventWait(x, instance.id, each);
}

/** Withdraws the timer, message and signal boundary events of an activity that ends. */
export function withdrawBoundaries(x: Execution, instance: ElementInstance): void {
  for (const boundary of instance.boundaries ?? []) cancelEventWait(x, instance.id, boundary.wait);
  delete instance.boundaries;
}

export function cancelEventWait(x: Execution, elementInstance: string, wait: EventWait): void {
  // A condition is evaluated by the engine itself: nothing outside to withdraw.
  if (wait.kind === 'conditional') return;
  if (wait.kind === 'timer') x.commands.push({ kind: 'cancelTimer', timer: wait.timer });
  else if (wait.kind === 'message') {
    x.commands.push({ kind: 'unsubscribeMessage', elementInstance, messageName: wait.messageName });
  } else x.commands.push({ kind: 'unsubscribeSignal', elementInstance, signalName: wait.signalName });
}

function completeIfDone(x: Execution): void {
  // An instance that has not started (no root scope yet) has nothing to complete.
  if (x.state.status !== 'active' || x.state.rootScope === '') return;
  if (Object.keys(x.state.elementInstances).length > 0 || Object.keys(x.state.joins).length > 0) return;
  // An incident subscribing the process's event sub-processes waits for its resolution.
  if (Object.keys(x.state.incidents).length > 0) return;
  const root = x.state.scopes[x.state.rootScope];
  if (root) withdrawEventSubProcesses(x, root);
  x.state.status = 'completed';
  x.commands.push({ kind: 'end', status: 'completed' });
}

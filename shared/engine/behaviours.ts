/**
 * What each kind of flow node does when a token enters it: complete at once (none tasks, manual tasks,
 * gateways, none events), wait for the outside (user tasks, jobs, receive tasks, timer/message/signal
 * catches, event-based gateways), evaluate (script tasks), throw (message, signal, link, error, terminate), or raise an
 * incident for constructs this engine milestone does not run yet (see docs/engine-coverage.md).
 */
import type { EventDefinition, FlowNode } from '../bpmn/graph.js';
import { enterAdHocSubProcess } from './ad-hoc-sub-processes.js';
import { subscribeBoundaries } from './boundaries.js';
import { startCall } from './call-activities.js';
import { cancelTransaction, throwCompensation } from './compensation.js';
import type { Execution } from './execution.js';
import { leave, terminateAll } from './flow.js';
import {
  fire,
  instanceOwner,
  signalMatches,
  subscribe,
  waitForFirstEvent,
  waitingCatches,
} from './event-waits.js';
import { enterMultiInstance, instanceLocals, multiInstanceOf } from './multi-instance.js';
import { findCatcher, interrupts, triggerCatcher } from './propagation.js';
import { enterSubProcess, terminateScopeContents } from './scopes.js';
import { startIteration } from './standard-loops.js';
import type { ElementInstance, Variables } from './state.js';
import { evaluateAssignment } from './user-task-assignment.js';

const completesAtOnce = new Set([
  'bpmn:StartEvent',
  'bpmn:Task',
  'bpmn:ManualTask',
  'bpmn:ExclusiveGateway',
  'bpmn:ParallelGateway',
  'bpmn:InclusiveGateway',
  'bpmn:ComplexGateway',
]);
const jobTasks = new Set(['bpmn:ServiceTask', 'bpmn:BusinessRuleTask', 'bpmn:SendTask']);

/** Enters an element instance: input mappings first, then the node's behaviour (the `enter` retry step). */
export function activate(x: Execution, instance: ElementInstance): void {
  const node = x.node(instance.element);
  const multiInstance = multiInstanceOf(node);
  if (multiInstance && instance.iteration === undefined)
    return enterMultiInstance(x, instance, multiInstance);
  if (node.loop?.kind === 'standard' && !startIteration(x, instance, node.loop)) return;
  // One instance of a multi-instance activity starts with its loop counter and input element.
  const base = multiInstance ? instanceLocals(x, instance, multiInstance) : undefined;
  if (base || (node.io && node.io.inputs.length > 0)) {
    // Locals set before entry (a compensation handler's snapshot) stay under the input mappings.
    const locals: Variables = { ...instance.variables, ...base };
    for (const mapping of node.io?.inputs ?? []) {
      const outcome = x.evaluate(mapping.source, { ...x.variablesIn(instance.scope), ...locals });
      if (!outcome.ok) return x.raiseIncident(instance, 'expression-failed', outcome.message, 'enter');
      locals[mapping.target] = outcome.value;
    }
    instance.variables = locals;
  }
  // Boundary events listen from the moment the activity starts its work (their timers may read its locals);
  // those of a multi-instance activity belong to its body.
  if (!multiInstance) subscribeBoundaries(x, instance);
  if (instance.status === 'incident') return;
  behave(x, instance, node);
}

function behave(x: Execution, instance: ElementInstance, node: FlowNode): void {
  if (completesAtOnce.has(node.type)) return leave(x, instance);
  const definition = node.eventDefinitions?.[0];
  switch (node.type) {
    case 'bpmn:UserTask':
      return createUserTask(x, instance, node);
    case 'bpmn:ScriptTask':
      return runScript(x, instance, node);
    case 'bpmn:SubProcess':
    case 'bpmn:Transaction':
      return enterSubProcess(x, instance, node);
    case 'bpmn:AdHocSubProcess':
      return enterAdHocSubProcess(x, instance, node);
    case 'bpmn:CallActivity':
      return startCall(x, instance, node);
    case 'bpmn:ReceiveTask':
      return waitFor(x, instance, node);
    case 'bpmn:EventBasedGateway':
      return waitForFirstEvent(x, instance);
    case 'bpmn:IntermediateCatchEvent':
      return catchEvent(x, instance, node);
    case 'bpmn:IntermediateThrowEvent':
    case 'bpmn:EndEvent':
      return throwEvent(x, instance, node, definition);
  }
  if (jobTasks.has(node.type)) {
    if (node.job) return runJob(x, instance, node);
    if (node.type === 'bpmn:SendTask' && node.message) return publishAndLeave(x, instance, node.message);
    return x.raiseIncident(instance, 'no-job-type', `${node.id} has no job type to run.`, 'enter');
  }
  unsupported(x, instance, node.type);
}

function unsupported(x: Execution, instance: ElementInstance, what: string): void {
  x.raiseIncident(instance, 'unsupported', `The engine does not run ${what} yet.`, 'enter');
}

function createUserTask(x: Execution, instance: ElementInstance, node: FlowNode): void {
  const assignment = evaluateAssignment(x, instance, node);
  if (assignment === null) return;
  instance.wait = { kind: 'userTask' };
  x.commands.push({
    kind: 'createUserTask',
    elementInstance: instance.id,
    element: node.id,
    ...(node.name !== undefined ? { name: node.name } : {}),
    ...(node.userTask?.formKey !== undefined ? { formKey: node.userTask.formKey } : {}),
    ...(assignment ? { assignment } : {}),
  });
}

export function runJob(x: Execution, instance: ElementInstance, node: FlowNode): void {
  const job = node.job;
  if (!job) return;
  instance.wait = { kind: 'job', jobType: job.type };
  x.commands.push({
    kind: 'runJob',
    elementInstance: instance.id,
    element: node.id,
    jobType: job.type,
    ...(job.retries !== undefined ? { retries: job.retries } : {}),
    headers: job.headers,
    variables: x.variablesIn(instance.scope, instance),
  });
}

function runScript(x: Execution, instance: ElementInstance, node: FlowNode): void {
  const script = node.script;
  if (!script) return leave(x, instance);
  if (script.format !== 'feel') {
    const format = script.format === '' ? 'no declared language' : `"${script.format}"`;
    return x.raiseIncident(
      instance,
      'unsupported-script',
      `Scripts in ${format} are not supported.`,
      'enter',
    );
  }
  const outcome = x.evaluate(
    { language: 'feel', source: script.source },
    x.variablesIn(instance.scope, instance),
  );
  if (!outcome.ok) return x.raiseIncident(instance, 'expression-failed', outcome.message, 'enter');
  instance.result = script.resultVariable !== undefined ? { [script.resultVariable]: outcome.value } : {};
  leave(x, instance);
}

function catchEvent(x: Execution, instance: ElementInstance, node: FlowNode): void {
  const definition = node.eventDefinitions?.[0];
  if (!definition || definition.kind === 'link') return leave(x, instance);
  waitFor(x, instance, node);
}

function waitFor(x: Execution, instance: ElementInstance, node: FlowNode): void {
  const wait = subscribe(x, instanceOwner(x, instance), node);
  if (wait) instance.wait = wait;
}

function publishAndLeave(
  x: Execution,
  instance: ElementInstance,
  message: NonNullable<FlowNode['message']>,
): void {
  let correlationKey: string | undefined;
  if (message.correlationKey) {
    const outcome = x.evaluate(message.correlationKey, x.variablesIn(instance.scope, instance));
    if (!outcome.ok) return x.raiseIncident(instance, 'expression-failed', outcome.message, 'enter');
    if (outcome.value !== null) {
      correlationKey = typeof outcome.value === 'string' ? outcome.value : JSON.stringify(outcome.value);
    }
  }
  x.commands.push({
    kind: 'publishMessage',
    element: instance.element,
    messageName: message.messageName ?? '',
    ...(correlationKey !== undefined ? { correlationKey } : {}),
    // The payload is what the element's input mappings put together, nothing implicit.
    variables: { ...(instance.variables ?? {}) },
  });
  leave(x, instance);
}

function throwEvent(
  x: Execution,
  instance: ElementInstance,
  node: FlowNode,
  definition: EventDefinition | undefined,
): void {
  if (!definition) return leave(x, instance);
  switch (definition.kind) {
    case 'escalation':
      return throwEscalation(x, instance, definition.escalationCode ?? '');
    case 'message':
      if (node.job) return runJob(x, instance, node);
      return publishAndLeave(x, instance, definition);
    case 'signal':
      return throwSignal(x, instance, definition.signalName ?? '');
    case 'link':
      return throwLink(x, instance, definition.linkName);
    case 'terminate':
      x.end(instance, 'completed');
      // Inside a sub-process only its scope ends; the sub-process then completes.
      if (instance.scope !== x.state.rootScope)
        return terminateScopeContents(x, instance.scope, 'terminated');
      terminateAll(x, 'terminated');
      x.state.status = 'terminated';
      x.commands.push({ kind: 'end', status: 'terminated' });
      return;
    case 'compensate':
      return throwCompensation(x, instance, definition);
    case 'cancel':
      x.end(instance, 'completed');
      return cancelTransaction(x, instance.scope);
    case 'error':
      x.end(instance, 'completed');
      return throwError(x, { scope: instance.scope }, definition.errorCode ?? '', definition.errorName);
  }
  unsupported(x, instance, `${definition.kind} throw events`);
}

/**
 * A signal reaches what waits for it at the moment it is thrown: this instance's waiting catches at once,
 * other instances through `broadcastSignal`. Catches reached later miss it (signals are not buffered).
 */
function throwSignal(x: Execution, instance: ElementInstance, signalName: string): void {
  x.commands.push({ kind: 'broadcastSignal', element: instance.element, signalName });
  for (const waiting of waitingCatches(x.state, signalMatches(signalName))) fire(x, waiting, {});
  leave(x, instance);
}

function throwLink(x: Execution, instance: ElementInstance, linkName: string | undefined): void {
  const target = Object.values(x.graph.nodes).find(
    (candidate) =>
      candidate.type === 'bpmn:IntermediateCatchEvent' &&
      candidate.scope === x.node(instance.element).scope &&
      candidate.eventDefinitions?.some(
        (definition) => definition.kind === 'link' && definition.linkName === linkName,
      ),
  );
  if (!target) {
    return x.raiseIncident(
      instance,
      'no-link-target',
      `No link catch event is named "${linkName ?? ''}".`,
      'enter',
    );
  }
  x.end(instance, 'completed');
  x.arrivals.push({ scope: instance.scope, node: target.id });
}

/**
 * A BPMN error (from an error end event, or a job of `from.activity`) goes to its catcher; nothing catching
 * it fails the instance.
 */
export function throwError(
  x: Execution,
  from: Parameters<typeof findCatcher>[1],
  code: string,
  message: string | undefined,
): void {
  const catcher = findCatcher(x, from, 'error', code);
  if (catcher) return triggerCatcher(x, catcher, {});
  failWithError(x, code, message);
}

/**
 * An escalation goes to its catcher: an interrupting one ends the thrower with the scope it interrupts, a
 * non-interrupting one lets the thrower continue, as does no catcher at all.
 */
function throwEscalation(x: Execution, instance: ElementInstance, code: string): void {
  const catcher = findCatcher(x, { scope: instance.scope }, 'escalation', code);
  if (catcher && interrupts(catcher)) {
    x.end(instance, 'completed');
    return triggerCatcher(x, catcher, {});
  }
  leave(x, instance);
  // An output mapping that failed leaves the thrower at an incident: the escalation waits for its retry.
  if (catcher && !x.state.elementInstances[instance.id]) triggerCatcher(x, catcher, {});
}

/** An uncaught BPMN error ends the instance as failed. */
export function failWithError(x: Execution, code: string, message: string | undefined): void {
  terminateAll(x, 'terminated');
  const error = { code, ...(message !== undefined ? { message } : {}) };
  x.state.status = 'failed';
  x.state.error = error;
  x.commands.push({ kind: 'end', status: 'failed', error });
}

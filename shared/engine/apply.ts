/**
 * The engine: `apply(graph, state, event, now) -> { state, commands, ended }`. Pure: the input state is not
 * changed, nothing reads the clock or random numbers, and the same events at the same times always give
 * the same state. `now` is the engine time (ISO 8601 UTC) that timers and FEEL's `now()` see.
 */
import type { ProcessGraph } from '../bpmn/graph.js';
import { CaseflowError } from '../errors/caseflow-error.js';
import { activate, runJob, throwError } from './behaviours.js';
import type { EndedElement, EngineCommand } from './commands.js';
import type { EngineEvent } from './events.js';
import {
  fire,
  instantiatingGatewayOf,
  messageMatches,
  signalMatches,
  startAtEventGateway,
  timerMatches,
  waitingCatches,
} from './event-waits.js';
import { copyState } from './copy-state.js';
import { subscribeEventSubProcesses } from './event-sub-processes.js';
import { Execution } from './execution.js';
import { createInstance, leave, settle, terminateAll } from './flow.js';
import { engineStateFormat, type ElementInstance, type EngineState, type Variables } from './state.js';

export interface ApplyResult {
  readonly state: EngineState;
  readonly commands: readonly EngineCommand[];
  readonly ended: readonly EndedElement[];
}

/** The state of an instance that has not started: `apply` it a `start` event. */
export function initialState(graph: ProcessGraph): EngineState {
  return {
    format: engineStateFormat,
    processId: graph.processId,
    graphHash: graph.hash,
    status: 'active',
    nextId: 1,
    rootScope: '',
    scopes: {},
    elementInstances: {},
    joins: {},
    incidents: {},
  };
}

/** The none start event the process starts at unless a start event is named. */
export function noneStartEvent(graph: ProcessGraph): string | undefined {
  return graph.children.find((id) => {
    const node = graph.nodes[id];
    return node?.type === 'bpmn:StartEvent' && (node.eventDefinitions ?? []).length === 0;
  });
}

export function apply(graph: ProcessGraph, state: EngineState, event: EngineEvent, now: string): ApplyResult {
  if (state.graphHash !== graph.hash) {
    // A caller bug (a state paired with another graph version), not bad model input.
    throw new CaseflowError(
      'engine.graph-mismatch',
      `The state belongs to graph ${state.graphHash}, not ${graph.hash}.`,
    );
  }
  const x = new Execution(graph, copyState(state), now);
  if (x.state.status === 'active') handle(x, event);
  settle(x);
  return { state: x.state, commands: x.commands, ended: x.ended };
}

function handle(x: Execution, event: EngineEvent): void {
  switch (event.type) {
    case 'start':
      return start(x, event.startEvent ?? noneStartEvent(x.graph), event.variables ?? {});
    case 'jobCompleted':
      return finishWait(x, waiting(x, event.elementInstance, 'job'), event.variables);
    case 'userTaskCompleted':
      return finishWait(x, waiting(x, event.elementInstance, 'userTask'), event.variables);
    case 'jobFailed': {
      const instance = waiting(x, event.elementInstance, 'job');
      if (instance) x.raiseIncident(instance, 'job-failed', event.message, 'job');
      return;
    }
    case 'jobError': {
      const instance = waiting(x, event.elementInstance, 'job');
      if (!instance) return;
      // The job is over: catching the error must not withdraw it again.
      delete instance.wait;
      return throwError(x, { activity: instance, scope: instance.scope }, event.code, event.message);
    }
    case 'callCompleted':
      return finishWait(x, waiting(x, event.elementInstance, 'call'), event.variables);
    case 'callError': {
      const instance = waiting(x, event.elementInstance, 'call');
      if (!instance) return;
      // The called process has ended: catching its error must not cancel it again.
      delete instance.wait;
      return throwError(x, { activity: instance, scope: instance.scope }, event.code, event.message);
    }
    case 'callFailed': {
      const instance = waiting(x, event.elementInstance, 'call');
      if (!instance) return;
      delete instance.wait;
      return x.raiseIncident(instance, 'call-failed', event.message, 'enter');
    }
    case 'timerFired': {
      const [waiting] = waitingCatches(x.state, timerMatches(event.timer));
      return waiting ? fire(x, waiting, undefined) : undefined;
    }
    case 'messageReceived': {
      const [waiting] = waitingCatches(x.state, messageMatches(event.messageName, event.correlationKey));
      return waiting ? fire(x, waiting, event.variables) : undefined;
    }
    case 'signalReceived':
      for (const waiting of waitingCatches(x.state, signalMatches(event.signalName)))
        fire(x, waiting, event.variables);
      return;
    case 'incidentResolved':
      return resolveIncident(x, event.incident, event.variables ?? {});
    case 'cancel':
      terminateAll(x, 'cancelled');
      x.state.status = 'terminated';
      x.commands.push({ kind: 'end', status: 'terminated' });
      return;
  }
}

function start(x: Execution, startEvent: string | undefined, variables: Variables): void {
  if (x.state.rootScope !== '' || startEvent === undefined || x.graph.nodes[startEvent] === undefined) return;
  const scope = x.newId('s');
  x.state.rootScope = scope;
  x.state.scopes[scope] = { id: scope, element: x.graph.processId, variables: { ...variables } };
  subscribeEventSubProcesses(x, x.state.scopes[scope]);
  // An alternative of an instantiating event-based gateway: the instance starts at the gateway.
  const gateway = instantiatingGatewayOf(x, startEvent);
  if (gateway !== undefined) {
    const gatewayInstance = createInstance(x, scope, gateway);
    activate(x, gatewayInstance);
    return startAtEventGateway(x, gatewayInstance, startEvent);
  }
  const instance = createInstance(x, scope, startEvent);
  // An instantiating receive task was started by its message: it has already received it.
  const node = x.node(startEvent);
  if (node.type === 'bpmn:ReceiveTask' && node.instantiate === true) return leave(x, instance);
  activate(x, instance);
}

function waiting(x: Execution, id: string, kind: 'job' | 'userTask' | 'call'): ElementInstance | undefined {
  const instance = x.state.elementInstances[id];
  return instance?.status === 'waiting' && instance.wait?.kind === kind ? instance : undefined;
}

function finishWait(
  x: Execution,
  instance: ElementInstance | undefined,
  variables: Variables | undefined,
): void {
  if (!instance) return;
  delete instance.wait;
  instance.result = { ...(variables ?? {}) };
  leave(x, instance);
}

/** Resolving an incident (optionally with new variables) retries the step that failed. */
function resolveIncident(x: Execution, id: string, variables: Variables): void {
  const incident = x.state.incidents[id];
  if (!incident) return;
  delete x.state.incidents[id];
  x.commands.push({ kind: 'resolveIncident', incident: id });
  const scope = x.state.scopes[incident.elementInstance];
  if (incident.retry === 'subscribe') {
    if (scope) x.setVariables(scope.id, variables);
    return scope ? subscribeEventSubProcesses(x, scope) : undefined;
  }
  const instance = x.state.elementInstances[incident.elementInstance];
  if (!instance) return;
  x.setVariables(instance.scope, variables);
  instance.status = 'waiting';
  if (incident.retry === 'enter') return activate(x, instance);
  if (incident.retry === 'leave') return leave(x, instance);
  runJob(x, instance, x.node(instance.element));
}

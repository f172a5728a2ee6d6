/**
 * Runs the processes of one model in memory on a virtual clock, answering jobs and user tasks from a
 * scenario, routing thrown messages and signals between instances, and firing timers when nothing else
 * can happen. Pure orchestration over `apply`: no I/O, no wall clock, so a run repeats exactly.
 */
import type { ProcessGraph } from '../bpmn/graph.js';
import { apply, initialState, noneStartEvent } from '../engine/apply.js';
import type { EngineCommand } from '../engine/commands.js';
import type { EngineEvent } from '../engine/events.js';
import { messageMatches, signalMatches, waitingCatches } from '../engine/event-waits.js';
import type { EngineState, Variables } from '../engine/state.js';
import type { RunResult, TraceEntry } from './run-result.js';
import type { Scenario, ScenarioMessage, Step } from './scenario.js';
import {
  conditionalStarts,
  hasConditionalStart,
  hasMessageStart,
  hasTimerStart,
  messageStartEvent,
  nextStart,
  signalStartEvents,
  timerStarts,
  type StartTimer,
} from './start-events.js';

export interface RunOptions {
  readonly graphs: readonly ProcessGraph[];
  /** The process to start; default: the first with a none start event. */
  readonly process?: string;
  /** Processes started before the main one. */
  readonly with?: readonly string[];
  readonly variables?: Variables;
  readonly scenario: Scenario;
}

interface Instance {
  readonly graph: ProcessGraph;
  state: EngineState;
  /** The call activity (of another instance) that started this one. */
  readonly calledBy?: { readonly instance: Instance; readonly elementInstance: string };
}

interface Timer {
  readonly instance: Instance;
  readonly timer: string;
  readonly due: string;
}

/** Throws an Error with a readable message when a named process cannot be started. */
export function runScenario(options: RunOptions): RunResult {
  const mainGraph = pickProcess(options.graphs, options.process);
  return new Run(options).execute(mainGraph);
}

/**
 * A process the run can start: at its none start event, or else when one of its timer start events fires, a
 * message that starts it comes (from the scenario or thrown by another process), or at launch when the
 * condition of one of its conditional start events holds.
 */
const startable = (graph: ProcessGraph) =>
  noneStartEvent(graph) !== undefined ||
  hasTimerStart(graph) ||
  hasMessageStart(graph) ||
  hasConditionalStart(graph);

function pickProcess(graphs: readonly ProcessGraph[], id: string | undefined): ProcessGraph {
  const graph =
    id === undefined
      ? (graphs.find((candidate) => noneStartEvent(candidate) !== undefined) ?? graphs.find(startable))
      : graphs.find((candidate) => candidate.processId === id);
  if (!graph) {
    throw new Error(
      id === undefined
        ? 'no executable process has a none, timer, message or conditional start'
        : `no executable process "${id}"`,
    );
  }
  if (!startable(graph))
    throw new Error(`process "${graph.processId}" has no none, timer, message or conditional start`);
  return graph;
}

class Run {
  private clock: string;
  private steps = 0;
  private readonly instances: Instance[] = [];
  private readonly pending: { instance: Instance; event: EngineEvent }[] = [];
  private readonly timers: Timer[] = [];
  private readonly startTimers: StartTimer[] = [];
  /** The first instance of the main process (started at once, or by its first timer start). */
  private main: Instance | undefined;
  private mainGraph: ProcessGraph | undefined;
  private readonly trace: TraceEntry[] = [];
  private readonly completedElements = new Set<string>();
  private readonly stepsUsed = new Map<string, number>();
  private readonly messages: (ScenarioMessage & { delivered: boolean })[];
  private readonly signals: { name: string; after?: string; delivered: boolean }[];

  constructor(private readonly options: RunOptions) {
    this.clock = options.scenario.clockStart;
    this.messages = options.scenario.messages.map((message) => ({ ...message, delivered: false }));
    this.signals = options.scenario.signals.map((signal) => ({ ...signal, delivered: false }));
  }

  execute(mainGraph: ProcessGraph): RunResult {
    this.mainGraph = mainGraph;
    for (const id of this.options.with ?? []) this.launch(pickProcess(this.options.graphs, id));
    this.launch(mainGraph);
    let stopped = false;
    while (this.canContinue()) {
      if (this.steps >= this.options.scenario.maxSteps) {
        stopped = true;
        break;
      }
      this.step();
    }
    return this.result(mainGraph, stopped);
  }

  /**
   * Starts a process at its none start event; else schedules its timer start events and starts an instance
   * at each conditional start event whose condition holds over its start variables.
   */
  private launch(graph: ProcessGraph): void {
    const variables = this.variablesFor(graph);
    if (noneStartEvent(graph) !== undefined) {
      this.start(graph, variables, undefined);
      return;
    }
    this.startTimers.push(...timerStarts(graph, this.clock));
    for (const startEvent of conditionalStarts(graph, variables, this.clock))
      this.start(graph, variables, startEvent);
  }

  /** `--vars` are the main process's start variables. */
  private variablesFor(graph: ProcessGraph): Variables {
    return graph === this.mainGraph ? (this.options.variables ?? {}) : {};
  }

  private start(
    graph: ProcessGraph,
    variables: Variables,
    startEvent: string | undefined,
    calledBy?: Instance['calledBy'],
  ): Instance {
    const instance: Instance = { graph, state: initialState(graph), ...(calledBy ? { calledBy } : {}) };
    this.instances.push(instance);
    if (graph === this.mainGraph && !calledBy && !this.main) this.main = instance;
    this.pending.push({
      instance,
      event: { type: 'start', variables, ...(startEvent !== undefined ? { startEvent } : {}) },
    });
    return instance;
  }

  /** Whether anything can still happen: a queued event, a deliverable message or signal, or a timer. */
  private canContinue(): boolean {
    if (this.pending.length > 0) return true;
    this.queueScenarioMessages();
    if (this.pending.length > 0) return true;
    return this.timers.length > 0 || this.startTimers.length > 0;
  }

  private step(): void {
    const next = this.pending.shift();
    if (next) return this.deliver(next.instance, next.event);
    const startTimer = this.startTimers.reduce<StartTimer | undefined>(
      (earliest, candidate) => (earliest && earliest.due <= candidate.due ? earliest : candidate),
      undefined,
    );
    if (startTimer && !this.timers.some((timer) => timer.due < startTimer.due)) {
      this.startTimers.splice(this.startTimers.indexOf(startTimer), 1);
      if (startTimer.due > this.clock) this.clock = startTimer.due;
      const again = nextStart(startTimer);
      if (again) this.startTimers.push(again);
      const graph = startTimer.graph;
      this.start(graph, this.variablesFor(graph), startTimer.startEvent);
      return this.step();
    }
    const timer = this.timers.reduce((earliest, candidate) =>
      candidate.due < earliest.due ? candidate : earliest,
    );
    this.timers.splice(this.timers.indexOf(timer), 1);
    if (timer.due > this.clock) this.clock = timer.due;
    this.deliver(timer.instance, { type: 'timerFired', timer: timer.timer });
  }

  private deliver(instance: Instance, event: EngineEvent): void {
    this.steps++;
    const result = apply(instance.graph, instance.state, event, this.clock);
    instance.state = result.state;
    for (const ended of result.ended) {
      this.trace.push({ process: instance.graph.processId, ...ended });
      if (ended.event === 'completed') this.completedElements.add(ended.element);
    }
    for (const command of result.commands) this.perform(instance, command);
  }

  private perform(instance: Instance, command: EngineCommand): void {
    switch (command.kind) {
      case 'runJob':
        return this.answer(instance, command.elementInstance, 'job', [command.element, command.jobType]);
      case 'createUserTask':
        return this.answer(instance, command.elementInstance, 'userTask', [command.element]);
      case 'startTimer':
        this.timers.push({ instance, timer: command.timer, due: command.due });
        return;
      case 'cancelTimer': {
        const index = this.timers.findIndex(
          (timer) => timer.instance === instance && timer.timer === command.timer,
        );
        if (index >= 0) this.timers.splice(index, 1);
        return;
      }
      case 'cancelWork':
        this.removePending(instance, command.elementInstance);
        return;
      case 'publishMessage':
        return this.routeMessage(command.messageName, command.correlationKey, command.variables);
      case 'broadcastSignal':
        // The throwing instance has already delivered it to its own waiting catches.
        return this.broadcastSignal(command.signalName, instance);
      case 'startCall':
        return this.startCall(instance, command.elementInstance, command.processId, command.variables);
      case 'cancelCall':
        return this.cancelCall(instance, command.elementInstance);
      case 'end':
        return this.answerCaller(instance, command);
    }
  }

  /** A call activity starts a process of the same model at its none start event. */
  private startCall(
    caller: Instance,
    elementInstance: string,
    processId: string,
    variables: Variables,
  ): void {
    const graph = this.options.graphs.find((candidate) => candidate.processId === processId);
    const problem = !graph
      ? `the model has no executable process "${processId}"`
      : noneStartEvent(graph) === undefined
        ? `process "${processId}" has no none start event`
        : undefined;
    if (problem !== undefined || !graph) {
      const event: EngineEvent = { type: 'callFailed', elementInstance, message: problem ?? '' };
      this.pending.push({ instance: caller, event });
      return;
    }
    this.start(graph, variables, undefined, { instance: caller, elementInstance });
  }

  /** The called instance of a cancelled call activity is cancelled too (its queued answers dropped). */
  private cancelCall(caller: Instance, elementInstance: string): void {
    const called = this.instances.find(
      (candidate) =>
        candidate.calledBy?.instance === caller &&
        candidate.calledBy.elementInstance === elementInstance &&
        candidate.state.status === 'active',
    );
    if (!called) return;
    for (let index = this.pending.length - 1; index >= 0; index--)
      if (this.pending[index]?.instance === called) this.pending.splice(index, 1);
    this.pending.push({ instance: called, event: { type: 'cancel' } });
  }

  /**
   * A called instance that ended answers its call activity: its variables when it completed (or a
   * terminate end event ended it), its BPMN error when one failed it.
   */
  private answerCaller(called: Instance, end: Extract<EngineCommand, { kind: 'end' }>): void {
    const caller = called.calledBy;
    // A call activity that ended first (it cancelled this instance) waits for nothing.
    if (caller?.instance.state.elementInstances[caller.elementInstance]?.wait?.kind !== 'call') return;
    const { elementInstance } = caller;
    const event: EngineEvent =
      end.status === 'failed'
        ? { type: 'callError', elementInstance, code: end.error?.code ?? '', ...messageOf(end.error) }
        : {
            type: 'callCompleted',
            elementInstance,
            variables: called.state.scopes[called.state.rootScope]?.variables ?? {},
          };
    this.pending.push({ instance: caller.instance, event });
  }

  /** Queues the scenario's next step for a job or user task: element id first, then job type. */
  private answer(
    instance: Instance,
    elementInstance: string,
    kind: 'job' | 'userTask',
    keys: string[],
  ): void {
    const table = kind === 'job' ? this.options.scenario.jobs : this.options.scenario.userTasks;
    const key = keys.find((candidate) => table[candidate] !== undefined);
    const step: Step =
      key === undefined ? { complete: {} } : this.nextStep(`${kind}:${key}`, table[key] ?? []);
    let event: EngineEvent;
    if ('complete' in step) {
      const variables = step.complete.vars ?? {};
      event =
        kind === 'job'
          ? { type: 'jobCompleted', elementInstance, variables }
          : { type: 'userTaskCompleted', elementInstance, variables };
    } else if ('error' in step) {
      event = { type: 'jobError', elementInstance, ...step.error };
    } else {
      event = { type: 'jobFailed', elementInstance, message: step.fail.message };
    }
    this.pending.push({ instance, event });
  }

  /** Steps are used in order; the last one repeats. */
  private nextStep(key: string, steps: readonly Step[]): Step {
    const used = this.stepsUsed.get(key) ?? 0;
    this.stepsUsed.set(key, used + 1);
    return steps[Math.min(used, steps.length - 1)] as Step;
  }

  private removePending(instance: Instance, elementInstance: string): void {
    for (let index = this.pending.length - 1; index >= 0; index--) {
      const entry = this.pending[index];
      const event = entry?.event;
      if (
        entry?.instance === instance &&
        event &&
        'elementInstance' in event &&
        event.elementInstance === elementInstance
      ) {
        this.pending.splice(index, 1);
      }
    }
  }

  /** A thrown message reaches the first instance waiting for it, else starts a process with a message start. */
  private routeMessage(messageName: string, correlationKey: string | undefined, variables: Variables): void {
    const event: EngineEvent = {
      type: 'messageReceived',
      messageName,
      ...(correlationKey !== undefined ? { correlationKey } : {}),
      variables,
    };
    const waiting = this.instances.find((instance) =>
      waitsForMessage(instance.state, messageName, correlationKey),
    );
    if (waiting) {
      this.pending.push({ instance: waiting, event });
      return;
    }
    for (const graph of this.options.graphs) {
      const startEvent = messageStartEvent(graph, messageName);
      if (startEvent !== undefined) {
        this.start(graph, variables, startEvent);
        return;
      }
    }
  }

  /** A signal reaches every instance waiting for it and starts every process with a signal start for it. */
  private broadcastSignal(signalName: string, thrower?: Instance): void {
    for (const instance of this.instances) {
      if (instance !== thrower && waitsForSignal(instance.state, signalName)) {
        this.pending.push({ instance, event: { type: 'signalReceived', signalName } });
      }
    }
    for (const graph of this.options.graphs) {
      for (const startEvent of signalStartEvents(graph, signalName))
        this.start(graph, this.variablesFor(graph), startEvent);
    }
  }

  /**
   * Scenario messages and signals go out once their `after` element has completed (or at once without
   * one) and something waits for them; otherwise they stay queued.
   */
  private queueScenarioMessages(): void {
    for (const message of this.messages) {
      if (message.delivered || (message.after !== undefined && !this.completedElements.has(message.after)))
        continue;
      const waiting = this.instances.find((instance) =>
        waitsForMessage(instance.state, message.name, message.correlationKey),
      );
      const startGraph = waiting
        ? undefined
        : this.options.graphs.find((graph) => messageStartEvent(graph, message.name));
      if (!waiting && !startGraph) continue;
      message.delivered = true;
      this.routeMessage(message.name, message.correlationKey, message.vars ?? {});
      return;
    }
    for (const signal of this.signals) {
      if (signal.delivered || (signal.after !== undefined && !this.completedElements.has(signal.after)))
        continue;
      const waiting = this.instances.some((instance) => waitsForSignal(instance.state, signal.name));
      const starts = this.options.graphs.some((graph) => signalStartEvents(graph, signal.name).length > 0);
      if (!waiting && !starts) continue;
      signal.delivered = true;
      this.broadcastSignal(signal.name);
      return;
    }
  }

  private result(mainGraph: ProcessGraph, stopped: boolean): RunResult {
    // A main process whose timer start never fired (maxSteps) has no instance yet.
    const state = this.main?.state ?? initialState(mainGraph);
    const incidents = Object.values(state.incidents).map(({ element, code, message }) => ({
      element,
      code,
      message,
    }));
    const status =
      state.status !== 'active' ? state.status : !stopped && incidents.length > 0 ? 'incident' : 'active';
    return {
      process: mainGraph.processId,
      state: status,
      ...(stopped ? { stopped: 'maxSteps' as const } : {}),
      trace: this.trace,
      variables: state.scopes[state.rootScope]?.variables ?? {},
      incidents,
      ...(state.error ? { error: state.error } : {}),
    };
  }
}

function messageOf(error: { readonly message?: string } | undefined): { message?: string } {
  return error?.message !== undefined ? { message: error.message } : {};
}

function waitsForMessage(state: EngineState, name: string, correlationKey: string | undefined): boolean {
  return waitingCatches(state, messageMatches(name, correlationKey)).length > 0;
}

function waitsForSignal(state: EngineState, name: string): boolean {
  return waitingCatches(state, signalMatches(name)).length > 0;
}

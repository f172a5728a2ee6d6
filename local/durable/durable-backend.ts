/**
 * The Durable Functions backend: runs orchestration steps and activities through the worker and keeps
 * every instance in the InstanceStore. Steps of one instance are serialized (one lock per instance id).
 *
 * Acknowledgement rule: an inbox event leaves the inbox in the same conditional write that appends it to the
 * history, together with the work items the step produced; activities and timers start only after that write.
 * A completion enters the inbox in the same write that removes its work item. So a crash at any point either
 * redoes a whole step or re-runs an activity (at-least-once), and never loses or duplicates an event.
 */
import { randomUUID } from 'node:crypto';
import type { HostFunction } from '../host/function-index.js';
import type { HostLogSink } from '../host/host-log.js';
import type { RpcInvocationRequest, RpcTypedData } from '../host/rpc-types.js';
import type { InvocationResult } from '../host/worker-supervisor.js';
import { EventType, historyEvent, type HistoryEvent } from './history-events.js';
import {
  isTerminal,
  type ActivityWorkItem,
  type InstanceDocument,
  type ParentLink,
  type SubOrchestrationWorkItem,
  type TimerWorkItem,
} from './instance-document.js';
import { InstanceConflictError, type InstanceStore } from './instance-store.js';
import { ConcurrencyLimit } from './concurrency-limit.js';
import { executeDurableHttp } from './durable-http.js';
import { httpActivityName, type DurableHttpRequest } from './http-actions.js';
import { noCrash, type CrashHook } from './crash-points.js';
import { armLongTimer } from './long-timer.js';
import {
  completeStep,
  newInstanceDocument,
  prepareStep,
  type OrchestratorOutcome,
} from './orchestration-step.js';
import { stateFromFailure, type OrchestratorState } from './orchestrator-state.js';

export interface FunctionInvoker {
  invoke(functionName: string, request: RpcInvocationRequest, reason: string): Promise<InvocationResult>;
}

/**
 * Where the time of the backend's work went, in milliseconds (a benchmark aid): an orchestration step (waiting
 * for an orchestrator slot, the orchestrator's invocation, the write of the step) and an activity (waiting for
 * an activity slot, its invocation).
 */
export type DurableTiming =
  | { kind: 'step'; waitMs: number; orchestratorMs: number; writeMs: number }
  | { kind: 'activity'; waitMs: number; runMs: number };

export interface DurableBackendOptions {
  store: InstanceStore;
  invoker: FunctionInvoker;
  orchestrators: readonly HostFunction[];
  activities: readonly HostFunction[];
  /** host.json `extensions.durableTask.maxConcurrentActivityFunctions` / `maxConcurrentOrchestratorFunctions`. */
  maxConcurrentActivities: number;
  maxConcurrentOrchestrators: number;
  log: HostLogSink;
  /** Hands the entity requests a stored instance still has to send (`entityRequests`) to the entity backend. */
  sendEntityRequests?: (document: InstanceDocument) => void;
  /** Test aid (CASEFLOW_LOCAL_CRASH_AT): called at each crash point, may kill the process there. */
  crash?: CrashHook;
  /** Benchmark aid: told where the time of each step and activity went. */
  timing?: (timing: DurableTiming) => void;
}

/** When the worker is down (being restarted), work is retried after this delay. */
const unavailableRetryMs = 1000;
/** When storage fails (Azurite down or restarting), work is retried after this delay. */
const storageRetryMs = 2000;

export class DurableBackend {
  readonly #options: DurableBackendOptions;
  readonly #locks = new Map<string, Promise<unknown>>();
  readonly #timers = new Map<string, () => void>();
  /** Activities this host is running (instance, execution, task id), so none is started twice. */
  readonly #runningActivities = new Set<string>();
  readonly #startingChildren = new Set<string>();
  /** Completions waiting to be written, per instance (see #deliver). */
  readonly #deliveries = new Map<string, Delivery[]>();
  readonly #activityLimit: ConcurrencyLimit;
  readonly #orchestratorLimit: ConcurrencyLimit;
  readonly #crash: CrashHook;
  #stopped = false;

  constructor(options: DurableBackendOptions) {
    this.#options = options;
    this.#crash = options.crash ?? noCrash;
    this.#activityLimit = new ConcurrencyLimit(options.maxConcurrentActivities);
    this.#orchestratorLimit = new ConcurrencyLimit(options.maxConcurrentOrchestrators);
  }

  get store(): InstanceStore {
    return this.#options.store;
  }

  findOrchestrator(name: string): HostFunction | undefined {
    return findByName(this.#options.orchestrators, name);
  }

  /** Resumes every unfinished instance: re-runs its open activities, re-arms its timers, processes its inbox. */
  async recover(): Promise<void> {
    await this.store.initialize();
    for (const instanceId of await this.store.listIds()) {
      const stored = await this.store.read(instanceId);
      const unsent = (stored?.document.entityRequests?.length ?? 0) > 0;
      if (stored && (!isTerminal(stored.document.runtimeStatus) || unsent)) this.process(instanceId);
    }
  }

  stop(): void {
    this.#stopped = true;
    for (const cancel of this.#timers.values()) cancel();
    this.#timers.clear();
  }

  /** Runs `work` alone for this instance (after every earlier piece of work for it). */
  withInstance<T>(instanceId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.#locks.get(instanceId) ?? Promise.resolve();
    const next = previous.then(work, work);
    const settled = next.catch(() => undefined);
    this.#locks.set(instanceId, settled);
    void settled.then(() => {
      if (this.#locks.get(instanceId) === settled) this.#locks.delete(instanceId);
    });
    return next;
  }

  /** Processes the instance's inbox, one orchestration step per event, in the background. */
  process(instanceId: string): void {
    this.withInstance(instanceId, () => this.#drainInbox(instanceId)).catch((error: unknown) => {
      this.#logError(`Processing orchestration '${instanceId}' failed; retrying`, error);
      if (!this.#stopped) setTimeout(() => this.process(instanceId), storageRetryMs);
    });
  }

  /** Writes a changed document; every write of the management API and the dispatcher comes here. */
  async save(document: InstanceDocument, etag: string | undefined): Promise<void> {
    if (this.#stopped) throw new Error('The Durable backend is stopped.');
    await this.store.write(document, etag);
  }

  /**
   * Writes a new instance together with its first step (one write, not two; `etag` as for `save`): the start
   * is acknowledged with the step it fed, as a completion is. When the orchestrator cannot run now, the instance
   * is written unstepped and its inbox processed later. Call inside `withInstance`.
   */
  async create(document: InstanceDocument, etag: string | undefined): Promise<void> {
    if (!(await this.#step({ document, etag }))) await this.save(document, etag);
  }

  cancelTimersOf(instanceId: string): void {
    for (const [key, cancel] of this.#timers) {
      if (key.startsWith(`${instanceId}\n`)) {
        cancel();
        this.#timers.delete(key);
      }
    }
  }

  async #drainInbox(instanceId: string): Promise<void> {
    while (!this.#stopped) {
      const stored = await this.store.read(instanceId);
      if (!stored) return;
      if (stored.document.entityRequests?.length) this.#options.sendEntityRequests?.(stored.document);
      if (isTerminal(stored.document.runtimeStatus)) {
        this.#notifyParent(stored.document);
        return;
      }
      this.#startOpenWork(stored.document);
      if (!canStep(stored.document)) return;
      try {
        if (!(await this.#step(stored))) return;
      } catch (error) {
        if (!(error instanceof InstanceConflictError)) throw error;
      }
    }
  }

  /** One orchestration step; false when it could not run now (worker unavailable, host stopping). */
  async #step(stored: { document: InstanceDocument; etag: string | undefined }): Promise<boolean> {
    const { document } = stored;
    const orchestrator = this.findOrchestrator(document.name);
    const now = new Date();
    const prepared = prepareStep(document, now);
    const times = { began: performance.now(), invoked: performance.now(), ran: performance.now() };
    let outcome: OrchestratorOutcome;
    if (!orchestrator) {
      outcome = { kind: 'failed', message: `The orchestrator function '${document.name}' does not exist.` };
    } else {
      const result = await this.#invokeOrchestrator(orchestrator, times, prepared.draft, [
        ...document.history.map((event) => ({ ...event, IsPlayed: true })),
        ...prepared.newEvents,
      ]);
      if (!result) {
        if (!this.#stopped) setTimeout(() => this.process(document.instanceId), unavailableRetryMs);
        return false;
      }
      outcome = result;
    }
    if (this.#stopped) return false;
    const completed = completeStep(prepared, outcome, now);
    this.#crash('step-before-write');
    times.ran = performance.now();
    await this.save(completed, stored.etag);
    this.#options.timing?.({
      kind: 'step',
      waitMs: times.invoked - times.began,
      orchestratorMs: times.ran - times.invoked,
      writeMs: performance.now() - times.ran,
    });
    if (completed.entityRequests?.length) this.#options.sendEntityRequests?.(completed);
    this.#crash('step-written');
    if (isTerminal(completed.runtimeStatus)) this.#notifyParent(completed);
    else this.#startOpenWork(completed);
    return true;
  }

  /**
   * Runs every open activity and arms every open timer of the stored document that this host is not already
   * running: the work of a step just written, and after a restart (or a failed write) whatever is open.
   */
  #startOpenWork(document: InstanceDocument): void {
    if (isTerminal(document.runtimeStatus)) return;
    const { instanceId, executionId } = document;
    for (const activity of document.activities) this.#runActivity(instanceId, executionId, activity);
    for (const timer of document.timers) this.#armTimer(instanceId, executionId, timer);
    for (const child of document.subOrchestrations) {
      const parent = { instanceId, executionId, taskId: child.taskId };
      this.#startSubOrchestration(parent, child).catch((error: unknown) =>
        this.#logError(`Starting sub-orchestration '${child.instanceId}' failed`, error),
      );
    }
  }

  /**
   * Creates the child instance of an open sub-orchestration call unless it exists; a child that already
   * finished reports to its parent (again: delivery is idempotent), one that another caller owns fails the call.
   */
  async #startSubOrchestration(parent: ParentLink, child: SubOrchestrationWorkItem): Promise<void> {
    const key = `${parent.instanceId}\n${parent.executionId}\n${child.taskId}`;
    if (this.#stopped || this.#startingChildren.has(key)) return;
    this.#startingChildren.add(key);
    try {
      const owned = await this.withInstance(child.instanceId, async () => {
        const existing = await this.store.read(child.instanceId);
        if (existing && sameParent(existing.document.parent, parent)) return true;
        if (existing && !isTerminal(existing.document.runtimeStatus)) return false;
        const input = child.input === undefined ? null : JSON.stringify(child.input);
        const document = newInstanceDocument(child.instanceId, child.name, input, new Date());
        document.parent = parent;
        await this.save(document, existing?.etag);
        return true;
      });
      if (owned) {
        this.process(child.instanceId);
        return;
      }
      const reason = `An orchestration with instance ID '${child.instanceId}' already exists and has not finished.`;
      await this.#deliverToParent(
        parent,
        historyEvent(EventType.SubOrchestrationInstanceFailed, new Date(), {
          TaskScheduledId: parent.taskId,
          Reason: reason,
          Details: '',
        }),
      );
    } finally {
      this.#startingChildren.delete(key);
    }
  }

  /** Reports a finished sub-orchestration to the orchestration that called it. */
  #notifyParent(child: InstanceDocument): void {
    const { parent } = child;
    if (!parent) return;
    const now = new Date();
    const taskId = parent.taskId;
    const event =
      child.runtimeStatus === 'Completed'
        ? historyEvent(EventType.SubOrchestrationInstanceCompleted, now, {
            TaskScheduledId: taskId,
            Result: child.output,
          })
        : historyEvent(EventType.SubOrchestrationInstanceFailed, now, {
            TaskScheduledId: taskId,
            Reason:
              child.runtimeStatus === 'Terminated'
                ? `Sub-orchestration '${child.instanceId}' was terminated: ${String(parseOutput(child.output))}`
                : String(parseOutput(child.output)),
            Details: '',
          });
    this.#deliverToParent(parent, event).catch((error: unknown) =>
      this.#logError(`Reporting sub-orchestration '${child.instanceId}' failed`, error),
    );
  }

  #deliverToParent(parent: ParentLink, event: HistoryEvent): Promise<void> {
    return this.#deliver(parent.instanceId, parent.executionId, (document) => {
      const open = document.subOrchestrations.findIndex((item) => item.taskId === parent.taskId);
      if (open < 0) return false;
      document.subOrchestrations.splice(open, 1);
      document.inbox.push(event);
      return true;
    });
  }

  /** Sets `times.invoked` when the orchestrator gets a slot. */
  async #invokeOrchestrator(
    orchestrator: HostFunction,
    times: { invoked: number },
    document: InstanceDocument,
    history: unknown[],
  ): Promise<OrchestratorOutcome | undefined> {
    const bindingInfo = {
      history,
      input: document.input === null ? null : (JSON.parse(document.input) as unknown),
      instanceId: document.instanceId,
      isReplaying: false,
      parentInstanceId: document.parent?.instanceId ?? null,
      upperSchemaVersion: 1,
      // V4: critical sections (`context.df.lock`), the only thing it changes in durable-functions 3.x.
      upperSchemaVersionNew: 3,
      longRunningTimerIntervalDuration: '3.00:00:00',
      // Every timer is one durable timer here (the backend re-arms far timers itself).
      maximumShortTimerDuration: '36500.00:00:00',
      defaultHttpAsyncRequestSleepTimeMillseconds: 30000,
    };
    const result = await this.#orchestratorLimit.run(() => {
      times.invoked = performance.now();
      return this.#options.invoker.invoke(
        orchestrator.name,
        {
          invocationId: randomUUID(),
          functionId: orchestrator.functionId,
          inputData: [
            { name: orchestrator.triggerBindingName, data: { string: JSON.stringify(bindingInfo) } },
          ],
          triggerMetadata: {},
        },
        `(Orchestration instance '${document.instanceId}')`,
      );
    });
    if (result.status === 'unavailable') return undefined;
    if (result.status === 'failed') {
      const state = stateFromFailure(result.message);
      const message = state
        ? `Orchestrator function '${orchestrator.name}' failed: ${state.error ?? ''}`
        : result.message;
      return { kind: 'failed', message };
    }
    const json = result.response.returnValue?.json;
    if (!json)
      return { kind: 'failed', message: `Orchestrator function '${orchestrator.name}' returned no state.` };
    return { kind: 'state', state: JSON.parse(json) as OrchestratorState };
  }

  #runActivity(instanceId: string, executionId: string, activity: ActivityWorkItem): void {
    const key = `${instanceId}\n${executionId}\n${activity.taskId}`;
    if (this.#stopped || this.#runningActivities.has(key)) return;
    this.#runningActivities.add(key);
    const queued = performance.now();
    void this.#activityLimit
      .run(async () => {
        const began = performance.now();
        const completion = await this.#invokeActivity(instanceId, activity);
        this.#options.timing?.({
          kind: 'activity',
          waitMs: began - queued,
          runMs: performance.now() - began,
        });
        return completion;
      })
      .then(async (completion) => {
        if (!completion) {
          if (!this.#stopped) {
            setTimeout(() => this.#runActivity(instanceId, executionId, activity), unavailableRetryMs);
          }
          return;
        }
        this.#crash('activity-finished');
        await this.#deliver(instanceId, executionId, (document) => {
          const open = document.activities.findIndex((item) => item.taskId === activity.taskId);
          if (open < 0) return false;
          document.activities.splice(open, 1);
          document.inbox.push(completion);
          return true;
        });
        this.#crash('result-written');
      })
      .catch((error: unknown) =>
        this.#logError(`Activity '${activity.functionName}' of '${instanceId}' failed`, error),
      )
      .finally(() => this.#runningActivities.delete(key));
  }

  async #invokeActivity(instanceId: string, activity: ActivityWorkItem) {
    const now = () => new Date();
    if (activity.functionName === httpActivityName) {
      // callHttp: the host itself makes the request, as the extension's built-in activity does.
      return executeDurableHttp(activity.input as DurableHttpRequest).then(
        (response) =>
          historyEvent(EventType.TaskCompleted, now(), {
            TaskScheduledId: activity.taskId,
            Result: JSON.stringify(response),
          }),
        (error: unknown) =>
          historyEvent(EventType.TaskFailed, now(), {
            TaskScheduledId: activity.taskId,
            Reason: `The HTTP request failed: ${(error as Error).message}`,
            Details: '',
          }),
      );
    }
    const target = findByName(this.#options.activities, activity.functionName);
    if (!target) {
      return historyEvent(EventType.TaskFailed, now(), {
        TaskScheduledId: activity.taskId,
        Reason: `The activity function '${activity.functionName}' does not exist.`,
        Details: '',
      });
    }
    const { input } = activity;
    const invocation = this.#options.invoker.invoke(
      target.name,
      {
        invocationId: randomUUID(),
        functionId: target.functionId,
        // Strings arrive as they are (the SDK pre-stringified them), other values as JSON text. No input is an
        // empty value, not a missing entry: the library passes trigger inputs positionally, so a missing one
        // would hand the activity its context as the input.
        inputData: [
          {
            name: target.triggerBindingName,
            data:
              input === null || input === undefined
                ? {}
                : { string: typeof input === 'string' ? input : JSON.stringify(input) },
          },
        ],
        triggerMetadata: {
          instanceId: { string: instanceId },
          data: { json: JSON.stringify(input ?? null) },
        },
      },
      `(Orchestration instance '${instanceId}', activity task ${activity.taskId})`,
    );
    // After one turn of the event loop the request has been written to the worker: the activity is running.
    setImmediate(() => this.#crash('activity-started'));
    const result = await invocation;
    if (result.status === 'unavailable' || this.#stopped) return undefined;
    if (result.status === 'failed') {
      return historyEvent(EventType.TaskFailed, now(), {
        TaskScheduledId: activity.taskId,
        Reason: `Activity function '${target.name}' failed: ${result.message}`,
        Details: result.stack ?? '',
      });
    }
    return historyEvent(EventType.TaskCompleted, now(), {
      TaskScheduledId: activity.taskId,
      Result: resultText(result.response.returnValue),
    });
  }

  #armTimer(instanceId: string, executionId: string, timer: TimerWorkItem): void {
    if (this.#stopped) return;
    const key = `${instanceId}\n${executionId}\n${timer.timerId}`;
    if (this.#timers.has(key)) return;
    const cancel = armLongTimer(new Date(timer.fireAt), () => {
      this.#crash('timer-fired');
      this.#timers.delete(key);
      this.#deliver(instanceId, executionId, (document) => {
        const open = document.timers.findIndex((item) => item.timerId === timer.timerId);
        if (open < 0) return false;
        document.timers.splice(open, 1);
        document.inbox.push(
          historyEvent(EventType.TimerFired, new Date(), { TimerId: timer.timerId, FireAt: timer.fireAt }),
        );
        return true;
      }).catch((error: unknown) => this.#logError(`Timer ${timer.timerId} of '${instanceId}' failed`, error));
    });
    this.#timers.set(key, cancel);
    this.#crash('timer-armed');
  }

  /**
   * Changes a stored instance of that execution (any execution when `undefined`) outside an orchestration step
   * (raised events, terminations, entity responses, entity requests sent), then processes its inbox; `apply`
   * returns false to leave the document unchanged and is not called for a missing instance. A change that lets
   * the instance step is written with that step (see #deliver).
   */
  deliverTo(
    instanceId: string,
    executionId: string | undefined,
    apply: (document: InstanceDocument) => boolean,
  ): Promise<void> {
    return this.#deliver(instanceId, executionId, apply);
  }

  /**
   * Adds a completion to the instance's inbox if the work item is still open in that execution; resolves once
   * it is written. Completions that arrive while the instance is busy wait and are written together: when the
   * instance can step, the step runs at once and one write records the completions and the step they fed (they
   * are acknowledged with it); otherwise they are written alone and wait in the inbox.
   */
  #deliver(
    instanceId: string,
    executionId: string | undefined,
    apply: (document: InstanceDocument) => boolean,
  ): Promise<void> {
    return new Promise((resolve) => {
      const waiting = this.#deliveries.get(instanceId);
      if (waiting) waiting.push({ executionId, apply, resolve });
      else {
        this.#deliveries.set(instanceId, [{ executionId, apply, resolve }]);
        this.#writeDeliveries(instanceId);
      }
    });
  }

  /** Writes every delivery waiting for the instance, after its current work; retried until stored. */
  #writeDeliveries(instanceId: string): void {
    this.withInstance(instanceId, async () => {
      const batch = this.#deliveries.get(instanceId) ?? [];
      this.#deliveries.delete(instanceId);
      if (this.#stopped) return batch;
      try {
        const stored = await this.store.read(instanceId);
        if (!stored) return batch;
        const applied = batch.map(
          (delivery) =>
            (delivery.executionId === undefined || stored.document.executionId === delivery.executionId) &&
            delivery.apply(stored.document),
        );
        if (!applied.includes(true)) return batch;
        if (!canStep(stored.document) || !(await this.#step(stored))) {
          await this.save(stored.document, stored.etag);
        }
        return batch;
      } catch (error) {
        // A lost race is retried at once; a storage failure (Azurite down) after a pause, so no result is lost.
        if (!(error instanceof InstanceConflictError)) {
          this.#logError(`Storing results for '${instanceId}' failed; retrying`, error);
          await new Promise((resolve) => setTimeout(resolve, storageRetryMs));
        }
        this.#deliveries.set(instanceId, [...batch, ...(this.#deliveries.get(instanceId) ?? [])]);
        this.#writeDeliveries(instanceId);
        return [];
      }
    }).then(
      (written) => {
        for (const delivery of written) delivery.resolve();
        if (written.length > 0) this.process(instanceId);
      },
      (error: unknown) => this.#logError(`Storing results for '${instanceId}' failed`, error),
    );
  }

  #logError(what: string, error: unknown): void {
    if (this.#stopped) return;
    this.#options.log({
      level: 'error',
      category: 'host',
      message: `${what}: ${(error as Error).stack ?? String(error)}`,
    });
  }
}

interface Delivery {
  /** The execution the change is for; `undefined`: whichever is current. */
  executionId: string | undefined;
  apply: (document: InstanceDocument) => boolean;
  resolve: () => void;
}

function sameParent(link: ParentLink | null | undefined, parent: ParentLink): boolean {
  return (
    link?.instanceId === parent.instanceId &&
    link.executionId === parent.executionId &&
    link.taskId === parent.taskId
  );
}

function parseOutput(output: string | null): unknown {
  if (output === null) return null;
  try {
    return JSON.parse(output);
  } catch {
    return output;
  }
}

function canStep(document: InstanceDocument): boolean {
  return (
    document.inbox.length > 0 &&
    (document.runtimeStatus === 'Running' || document.runtimeStatus === 'Pending')
  );
}

function findByName(functions: readonly HostFunction[], name: string): HostFunction | undefined {
  const wanted = name.toLowerCase();
  return functions.find((candidate) => candidate.name.toLowerCase() === wanted);
}

/** An activity's return value as the JSON text of TaskCompleted.Result. */
function resultText(value: RpcTypedData | null | undefined): string {
  if (!value) return 'null';
  if (value.json != null) return value.json;
  if (value.string != null) return JSON.stringify(value.string);
  if (value.int != null) return String(value.int);
  if (value.double != null) return Number.isFinite(value.double) ? String(value.double) : 'null';
  if (value.bytes) return JSON.stringify(Buffer.from(value.bytes).toString('base64'));
  return 'null';
}

/**
 * One orchestration step, as pure functions over an InstanceDocument: one inbox event per step (OrchestratorStarted
 * + that event), so sequence numbers for retries are allocated in the same order as the SDK allocates them; only
 * plain task results that allocate nothing (see isPlainCompletion) are taken several at a time. `prepareStep` takes the event and applies the retry bookkeeping that must precede the
 * orchestrator call; `completeStep` appends the step to the history and turns new actions into work items.
 */
import { randomUUID } from 'node:crypto';
import { releaseLocks, scheduleEntityOperation, scheduleLock } from './entity-actions.js';
import { EventType, historyEvent, type HistoryEvent } from './history-events.js';
import { advanceHttpPolling, scheduleHttpCall } from './http-actions.js';
import type { ActivityWorkItem, InstanceDocument } from './instance-document.js';
import {
  ActionType,
  actionName,
  flattenActions,
  type OrchestratorAction,
  type OrchestratorState,
} from './orchestrator-state.js';

const completionTypes = new Set<number>([
  EventType.TaskCompleted,
  EventType.SubOrchestrationInstanceCompleted,
]);
const failureTypes = new Set<number>([EventType.TaskFailed, EventType.SubOrchestrationInstanceFailed]);

export interface PreparedStep {
  /** The document with the event taken from the inbox and retry work recorded; history not yet appended. */
  draft: InstanceDocument;
  newEvents: HistoryEvent[];
}

export type OrchestratorOutcome =
  { kind: 'state'; state: OrchestratorState } | { kind: 'failed'; message: string };

export function prepareStep(document: InstanceDocument, now: Date): PreparedStep {
  const draft = structuredClone(document);
  const event = draft.inbox.shift();
  if (!event) throw new Error('prepareStep needs an inbox event.');
  const newEvents = [historyEvent(EventType.OrchestratorStarted, now), event];
  if (event.EventType === EventType.ExecutionStarted) draft.runtimeStatus = 'Running';
  const kept = [];
  for (const slot of draft.retries) {
    const forSlot = event['TaskScheduledId'] === slot.taskId;
    if (forSlot && completionTypes.has(event.EventType)) continue;
    if (forSlot && failureTypes.has(event.EventType)) {
      // A failed attempt: the SDK now waits on a retry timer with the next sequence number (also after the last).
      const {
        firstRetryIntervalInMilliseconds: first,
        backoffCoefficient,
        maxRetryIntervalInMilliseconds,
      } = slot.options;
      const delay = Math.min(
        first * (backoffCoefficient ?? 1) ** (slot.attempt - 1),
        maxRetryIntervalInMilliseconds ?? Number.POSITIVE_INFINITY,
      );
      const timer = { timerId: draft.nextId++, fireAt: new Date(now.getTime() + delay).toISOString() };
      slot.attempt += 1;
      slot.waitingTimerId = timer.timerId;
      draft.timers.push(timer);
      newEvents.push(historyEvent(EventType.TimerCreated, now, { FireAt: timer.fireAt }, timer.timerId));
    } else if (event.EventType === EventType.TimerFired && event['TimerId'] === slot.waitingTimerId) {
      delete slot.waitingTimerId;
      // Attempts used up: the SDK now fails the task, and the slot is done.
      if (slot.attempt > slot.options.maxNumberOfAttempts) continue;
      slot.taskId = draft.nextId++;
      newEvents.push(
        schedule(draft, slot.kind, slot.taskId, slot.functionName, slot.input, slot.instanceId, now),
      );
    }
    kept.push(slot);
  }
  draft.retries = kept;
  newEvents.push(...advanceHttpPolling(draft, event, now));
  // Plain completions waiting behind a plain one join it: they allocate no sequence numbers, so several per step
  // keep the SDK's numbering (fan-in: one step and one write for the results that arrived meanwhile).
  if (isPlainCompletion(document, event)) {
    while (draft.inbox[0] && isPlainCompletion(document, draft.inbox[0]))
      newEvents.push(draft.inbox.shift()!);
  }
  return { draft, newEvents };
}

const plainCompletionTypes = new Set<number>([...completionTypes, ...failureTypes, EventType.TimerFired]);

/**
 * A task's result that the backend does nothing with before the orchestrator sees it: not for a retried call or
 * a polled HTTP call (their results allocate sequence numbers), and not an external event (one that arrives after
 * a continueAsNew in the same step must go to the new execution).
 */
function isPlainCompletion(document: InstanceDocument, event: HistoryEvent): boolean {
  if (!plainCompletionTypes.has(event.EventType)) return false;
  const id = event.EventType === EventType.TimerFired ? event['TimerId'] : event['TaskScheduledId'];
  const special = [
    ...document.retries.flatMap((slot) => [slot.taskId, slot.waitingTimerId]),
    ...(document.httpPolls ?? []).flatMap((poll) => [poll.taskId, poll.waitingTimerId]),
  ];
  return !special.includes(id as number);
}

/** The document after the step: its open `activities` and `timers` are the work to run once it is written. */
export function completeStep(
  prepared: PreparedStep,
  outcome: OrchestratorOutcome,
  now: Date,
): InstanceDocument {
  const document = prepared.draft;
  const events = [...prepared.newEvents];
  document.lastUpdatedTime = now.toISOString();
  const state = outcome.kind === 'state' ? outcome.state : undefined;
  if (state?.customStatus !== undefined) document.customStatus = JSON.stringify(state.customStatus);
  if (!state) {
    finish(document, events, now, 'Failed', outcome.kind === 'failed' ? outcome.message : '');
    return document;
  }
  const problem = scheduleNewActions(document, flattenActions(state), events, now);
  if (problem) {
    finish(document, events, now, 'Failed', problem);
    return document;
  }
  if (!state.isDone) {
    document.history.push(...events, historyEvent(EventType.OrchestratorCompleted, now));
    return document;
  }
  const continueAsNew = flattenActions(state).find(
    (action) => action.actionType === ActionType.ContinueAsNew,
  );
  if (continueAsNew) return newExecution(document, continueAsNew.input, now);
  finish(document, events, now, 'Completed', JSON.stringify(state.output ?? null));
  return document;
}

/** Gives sequence numbers to the actions not seen before; returns why the step fails, if it does. */
function scheduleNewActions(
  document: InstanceDocument,
  actions: OrchestratorAction[],
  events: HistoryEvent[],
  now: Date,
): string | undefined {
  for (const [index, action] of actions.entries()) {
    const known = document.assigned[index];
    if (known) {
      if (known.kind !== action.actionType || known.name !== actionName(action)) {
        return `Non-deterministic workflow detected: action ${index} was ${known.name} (type ${known.kind}) and is now ${actionName(action)} (type ${action.actionType}).`;
      }
      if (action.actionType === ActionType.CreateTimer && action.isCanceled) {
        document.timers = document.timers.filter((timer) => timer.timerId !== known.id);
      }
      continue;
    }
    const assigned = { kind: action.actionType, name: actionName(action) };
    switch (action.actionType) {
      case ActionType.CallActivity:
      case ActionType.CallActivityWithRetry:
      case ActionType.CallSubOrchestrator:
      case ActionType.CallSubOrchestratorWithRetry: {
        const kind = action.actionType <= ActionType.CallActivityWithRetry ? 'activity' : 'subOrchestration';
        const taskId = document.nextId++;
        const functionName = action.functionName ?? '';
        document.assigned.push({ ...assigned, id: taskId });
        events.push(schedule(document, kind, taskId, functionName, action.input, action.instanceId, now));
        if (action.retryOptions) {
          document.retries.push({
            kind,
            ...(action.instanceId ? { instanceId: action.instanceId } : {}),
            taskId,
            functionName,
            input: action.input,
            attempt: 1,
            options: action.retryOptions,
          });
        }
        break;
      }
      case ActionType.CreateTimer: {
        const timer = { timerId: document.nextId++, fireAt: action.fireAt ?? now.toISOString() };
        document.assigned.push({ ...assigned, id: timer.timerId });
        events.push(historyEvent(EventType.TimerCreated, now, { FireAt: timer.fireAt }, timer.timerId));
        if (!action.isCanceled) {
          document.timers.push(timer);
        }
        break;
      }
      case ActionType.CallEntity:
      case ActionType.SignalEntity: {
        const id = document.nextId++;
        document.assigned.push({ ...assigned, id });
        events.push(scheduleEntityOperation(document, action, id, now));
        break;
      }
      case ActionType.LockEntities: {
        const id = document.nextId++;
        document.assigned.push({ ...assigned, id });
        events.push(scheduleLock(document, action, id, now));
        break;
      }
      case ActionType.ReleaseEntities: {
        // The SDK counts one sequence number per locked entity (DurableOrchestrationContext.lock).
        const first = document.nextId;
        document.nextId += document.heldLocks?.length ?? 0;
        document.assigned.push({ ...assigned, id: first });
        events.push(...releaseLocks(document, now, first));
        break;
      }
      case ActionType.CallHttp: {
        const taskId = document.nextId++;
        document.assigned.push({ ...assigned, id: taskId });
        events.push(scheduleHttpCall(document, action, taskId, now));
        break;
      }
      case ActionType.WaitForExternalEvent:
      case ActionType.ContinueAsNew:
        document.assigned.push(assigned);
        break;
      default:
        return `The local Durable backend does not support action type ${action.actionType}.`;
    }
  }
  return undefined;
}

/** Records an activity or sub-orchestration call as open work; returns its scheduling history event. */
function schedule(
  document: InstanceDocument,
  kind: 'activity' | 'subOrchestration',
  taskId: number,
  functionName: string,
  input: unknown,
  instanceId: string | undefined,
  now: Date,
): HistoryEvent {
  if (kind === 'activity') {
    const activity = { taskId, functionName, input };
    document.activities.push(activity);
    return scheduledEvent(activity, now);
  }
  // Without an id, DTFx names a sub-orchestration `<parent execution id>:<sequence number>`.
  const child = {
    taskId,
    name: functionName,
    instanceId: instanceId ?? `${document.executionId}:${taskId}`,
    input,
  };
  document.subOrchestrations.push(child);
  const fields = { Name: child.name, InstanceId: child.instanceId, Input: JSON.stringify(input ?? null) };
  return historyEvent(EventType.SubOrchestrationInstanceCreated, now, fields, taskId);
}

function scheduledEvent(activity: ActivityWorkItem, now: Date): HistoryEvent {
  const input = JSON.stringify([
    typeof activity.input === 'string' ? activity.input : JSON.stringify(activity.input),
  ]);
  return historyEvent(
    EventType.TaskScheduled,
    now,
    { Name: activity.functionName, Version: '', Input: input },
    activity.taskId,
  );
}

function finish(
  document: InstanceDocument,
  events: HistoryEvent[],
  now: Date,
  status: 'Completed' | 'Failed',
  output: string,
): void {
  document.runtimeStatus = status;
  document.output = status === 'Failed' ? JSON.stringify(output) : output;
  // Locks still held when the execution ends are released, as the extension does.
  releaseLocks(document, now);
  document.history.push(
    ...events,
    historyEvent(EventType.ExecutionCompleted, now, { OrchestrationStatus: status, Result: document.output }),
    historyEvent(EventType.OrchestratorCompleted, now),
  );
  document.inbox = [];
  document.activities = [];
  document.subOrchestrations = [];
  document.timers = [];
  document.retries = [];
}

/**
 * continueAsNew: a fresh execution (new history and sequence numbers) with the new input. External events
 * already received stay in the inbox for the new execution; completions of the old one are dropped.
 */
function newExecution(document: InstanceDocument, input: unknown, now: Date): InstanceDocument {
  // The SDK pre-stringifies string inputs; restore the value so the new execution sees what was passed.
  const value = typeof input === 'string' ? parseJson(input) : input;
  const fresh = newInstanceDocument(
    document.instanceId,
    document.name,
    value === undefined ? null : JSON.stringify(value),
    now,
  );
  fresh.createdTime = document.createdTime;
  fresh.parent = document.parent;
  fresh.customStatus = document.customStatus;
  fresh.runtimeStatus = 'Running';
  fresh.inbox.push(...document.inbox.filter((event) => event.EventType === EventType.EventRaised));
  // Entity operations signalled before continueAsNew are still sent, and held locks released.
  releaseLocks(document, now);
  if (document.entityRequests?.length) fresh.entityRequests = document.entityRequests;
  return fresh;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export function newInstanceDocument(
  instanceId: string,
  name: string,
  input: string | null,
  now: Date,
): InstanceDocument {
  const executionId = randomUUID().replace(/-/g, '');
  const started = historyEvent(EventType.ExecutionStarted, now, {
    Name: name,
    Input: input,
    Version: '',
    OrchestrationInstance: { InstanceId: instanceId, ExecutionId: executionId },
    ParentInstance: null,
    Tags: null,
  });
  return {
    instanceId,
    name,
    executionId,
    runtimeStatus: 'Pending',
    input,
    output: null,
    customStatus: null,
    createdTime: now.toISOString(),
    lastUpdatedTime: now.toISOString(),
    history: [],
    inbox: [started],
    nextId: 0,
    assigned: [],
    retries: [],
    activities: [],
    subOrchestrations: [],
    timers: [],
    parent: null,
  };
}

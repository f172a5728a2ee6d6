/**
 * Everything the backend keeps about one orchestration instance, stored as ONE blob so that an orchestration
 * step (history appended, inbox event consumed, new work items recorded) is a single conditional write.
 */
import type { EntityRequest } from './entity-document.js';
import type { HistoryEvent } from './history-events.js';
import type { DurableHttpRequest } from './http-actions.js';

export type RuntimeStatus = 'Pending' | 'Running' | 'Completed' | 'Failed' | 'Terminated' | 'Suspended';

export const runtimeStatuses: readonly RuntimeStatus[] = [
  'Pending',
  'Running',
  'Completed',
  'Failed',
  'Terminated',
  'Suspended',
];

export function isTerminal(status: RuntimeStatus): boolean {
  return status === 'Completed' || status === 'Failed' || status === 'Terminated';
}

/** An action the orchestrator yielded, in first-yield order; `id` for the actions that consume a sequence number. */
export interface AssignedAction {
  kind: number;
  name: string;
  id?: number;
}

export interface RetryOptions {
  firstRetryIntervalInMilliseconds: number;
  maxNumberOfAttempts: number;
  backoffCoefficient?: number;
  maxRetryIntervalInMilliseconds?: number;
}

/** An activity or sub-orchestration called with retry options: the running attempt, or the retry timer it waits on. */
export interface RetrySlot {
  kind: 'activity' | 'subOrchestration';
  /** A sub-orchestration's instance id, when the orchestrator gave one (else each attempt derives its own). */
  instanceId?: string;
  taskId: number;
  attempt: number;
  waitingTimerId?: number;
  functionName: string;
  input: unknown;
  options: RetryOptions;
}

/** An activity scheduled and not yet completed: (re-)run after a restart. */
export interface ActivityWorkItem {
  taskId: number;
  functionName: string;
  input: unknown;
}

/** A sub-orchestration called and not yet finished: created (if it is not yet) and watched after a restart. */
export interface SubOrchestrationWorkItem {
  taskId: number;
  name: string;
  instanceId: string;
  input: unknown;
}

/** Which step of which orchestration started this instance as a sub-orchestration. */
export interface ParentLink {
  instanceId: string;
  executionId: string;
  taskId: number;
}

/** A durable timer not yet fired: re-armed after a restart. */
export interface TimerWorkItem {
  timerId: number;
  fireAt: string;
}

export interface InstanceDocument {
  instanceId: string;
  name: string;
  executionId: string;
  runtimeStatus: RuntimeStatus;
  /** JSON text, or null. */
  input: string | null;
  output: string | null;
  customStatus: string | null;
  createdTime: string;
  lastUpdatedTime: string;
  history: HistoryEvent[];
  /** Events received and not yet given to the orchestrator; one per orchestration step, oldest first. */
  inbox: HistoryEvent[];
  nextId: number;
  assigned: AssignedAction[];
  retries: RetrySlot[];
  activities: ActivityWorkItem[];
  subOrchestrations: SubOrchestrationWorkItem[];
  timers: TimerWorkItem[];
  parent: ParentLink | null;
  /** Entity operations this instance called or signalled that the entity has not stored yet (see entity-actions). */
  entityRequests?: { target: string; request: EntityRequest }[];
  /** Scheduler ids of the entities whose lock this execution asked for (`context.df.lock`) and has not released. */
  heldLocks?: string[];
  /** callHttp calls with the asynchronous pattern: the running request, or the poll timer and the next request. */
  httpPolls?: { taskId: number; request: DurableHttpRequest; waitingTimerId?: number }[];
}

/**
 * The durable HTTP action (`context.df.callHttp`), done by the host as the Durable extension does: the request
 * is a work item of the built-in activity `BuiltIn::HttpActivity` whose result (TaskCompleted) is the response
 * `{statusCode, headers, content}`. With the asynchronous pattern (the SDK's default), a `202` with a `Location`
 * header is polled: the SDK then waits on a timer (`Retry-After` seconds, else the binding's default sleep) and on a
 * new HTTP task, taking both sequence numbers when it reads that response, so the host allocates them at the
 * same point; when the timer fires the host GETs the `Location` with the original headers.
 */
import { EventType, historyEvent, type HistoryEvent } from './history-events.js';
import type { InstanceDocument } from './instance-document.js';
import type { OrchestratorAction } from './orchestrator-state.js';

export const httpActivityName = 'BuiltIn::HttpActivity';

/** The SDK's DurableHttpRequest, as the CallHttp action carries it. */
export interface DurableHttpRequest {
  method: string;
  uri: string;
  content?: string;
  headers?: Record<string, string>;
  tokenSource?: unknown;
  asynchronousPatternEnabled?: boolean;
}

/** The SDK's default wait between polls, as the host sends it in the binding info (milliseconds). */
export const defaultHttpPollMs = 30_000;

/** Records a CallHttp action as an HTTP work item; returns its TaskScheduled event. */
export function scheduleHttpCall(
  document: InstanceDocument,
  action: OrchestratorAction,
  taskId: number,
  now: Date,
): HistoryEvent {
  const request = action.httpRequest ?? { method: 'GET', uri: '' };
  document.activities.push({ taskId, functionName: httpActivityName, input: request });
  if (request.asynchronousPatternEnabled !== false) {
    document.httpPolls = [...(document.httpPolls ?? []), { taskId, request }];
  }
  return scheduledHttpEvent(request, taskId, now);
}

/**
 * Applies the polling rule to the step's event, before the orchestrator sees it: a 202 + Location result of a
 * polled call takes a timer and the next HTTP task's sequence number; the timer firing starts that task.
 */
export function advanceHttpPolling(
  document: InstanceDocument,
  event: HistoryEvent,
  now: Date,
): HistoryEvent[] {
  const polls = document.httpPolls ?? [];
  const added: HistoryEvent[] = [];
  const kept = [];
  for (const poll of polls) {
    if (event.EventType === EventType.TaskFailed && event['TaskScheduledId'] === poll.taskId) continue;
    if (event.EventType === EventType.TaskCompleted && event['TaskScheduledId'] === poll.taskId) {
      const location = pollLocation(String(event['Result'] ?? 'null'));
      if (!location) continue;
      const timerId = document.nextId++;
      const fireAt = new Date(now.getTime() + location.delayMs).toISOString();
      document.timers.push({ timerId, fireAt });
      added.push(historyEvent(EventType.TimerCreated, now, { FireAt: fireAt }, timerId));
      const next = { ...poll.request, method: 'GET', uri: location.uri };
      delete next.content;
      kept.push({ taskId: document.nextId++, request: next, waitingTimerId: timerId });
      continue;
    }
    if (event.EventType === EventType.TimerFired && event['TimerId'] === poll.waitingTimerId) {
      document.activities.push({ taskId: poll.taskId, functionName: httpActivityName, input: poll.request });
      added.push(scheduledHttpEvent(poll.request, poll.taskId, now));
      kept.push({ taskId: poll.taskId, request: poll.request });
      continue;
    }
    kept.push(poll);
  }
  if (polls.length > 0) document.httpPolls = kept;
  return added;
}

/** Where and when to poll, when the response is a 202 with a Location header. */
function pollLocation(resultText: string): { uri: string; delayMs: number } | undefined {
  let response: { statusCode?: number; headers?: Record<string, string> } | null;
  try {
    response = JSON.parse(resultText) as typeof response;
  } catch {
    return undefined;
  }
  if (response?.statusCode !== 202) return undefined;
  const header = (name: string) =>
    Object.entries(response?.headers ?? {}).find(([key]) => key.toLowerCase() === name)?.[1];
  const uri = header('location');
  if (!uri) return undefined;
  const retryAfter = Number(header('retry-after'));
  return {
    uri,
    delayMs: header('retry-after') && Number.isFinite(retryAfter) ? retryAfter * 1000 : defaultHttpPollMs,
  };
}

function scheduledHttpEvent(request: DurableHttpRequest, taskId: number, now: Date): HistoryEvent {
  const input = JSON.stringify([JSON.stringify(request)]);
  return historyEvent(
    EventType.TaskScheduled,
    now,
    { Name: httpActivityName, Version: '', Input: input },
    taskId,
  );
}

/**
 * The status JSON the management API returns for an instance, shaped like the Durable extension's
 * (`input`/`output` always present, times without milliseconds, the "friendly" history on request).
 */
import { EventType, eventTypeNames, type HistoryEvent } from './history-events.js';
import type { InstanceDocument } from './instance-document.js';

export interface StatusOptions {
  showInput: boolean;
  showHistory: boolean;
  showHistoryOutput: boolean;
}

export function statusPayload(document: InstanceDocument, options: StatusOptions): Record<string, unknown> {
  return {
    name: document.name,
    instanceId: document.instanceId,
    runtimeStatus: document.runtimeStatus,
    input: options.showInput ? parseJson(document.input) : null,
    customStatus: parseJson(document.customStatus),
    output: parseJson(document.output),
    createdTime: wholeSeconds(document.createdTime),
    lastUpdatedTime: wholeSeconds(document.lastUpdatedTime),
    ...(options.showHistory
      ? { historyEvents: friendlyHistory(document.history, options.showHistoryOutput) }
      : {}),
  };
}

/** History as the extension shows it: scheduling events merged into their completions, type names. */
function friendlyHistory(history: readonly HistoryEvent[], showOutput: boolean): Record<string, unknown>[] {
  const scheduled = new Map<number, HistoryEvent>();
  const friendly: Record<string, unknown>[] = [];
  for (const event of history) {
    const type = event.EventType;
    if (type === EventType.OrchestratorStarted || type === EventType.OrchestratorCompleted) continue;
    if (type === EventType.TaskScheduled) {
      scheduled.set(event.EventId, event);
      continue;
    }
    const entry: Record<string, unknown> = { ...event, EventType: eventTypeNames[type] ?? String(type) };
    const scheduledId = entry['TaskScheduledId'];
    for (const internal of ['EventId', 'IsPlayed', 'TaskScheduledId', 'TimerId']) delete entry[internal];
    if (type === EventType.ExecutionStarted) {
      entry['FunctionName'] = entry['Name'];
      delete entry['Name'];
    }
    const origin = typeof scheduledId === 'number' ? scheduled.get(scheduledId) : undefined;
    if (origin) {
      entry['FunctionName'] = origin['Name'];
      entry['ScheduledTime'] = origin.Timestamp;
    }
    if (!showOutput) delete entry['Result'];
    friendly.push(entry);
  }
  return friendly;
}

function parseJson(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function wholeSeconds(iso: string): string {
  return iso.replace(/\.\d+Z$/, 'Z');
}

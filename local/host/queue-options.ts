/**
 * host.json `extensions.queues`, with the defaults of the storage queues extension 5.x: batches of 16, a new
 * batch when at most half are still running, polling back-off up to one minute, failed messages visible again
 * at once, poison after 5 dequeues, base64 message text.
 */
import { parseTimeSpan, type HostJson } from './host-config.js';

export interface QueueOptions {
  batchSize: number;
  newBatchThreshold: number;
  /** Milliseconds. */
  maxPollingIntervalMs: number;
  /** Milliseconds a failed message stays invisible before its retry. */
  visibilityTimeoutMs: number;
  maxDequeueCount: number;
  messageEncoding: 'base64' | 'none';
}

/** The real host's largest batch (the service's limit) and its shortest polling delay. */
export const maxBatchSize = 32;
export const minPollingIntervalMs = 100;
/** How long a received message stays invisible while its function runs; renewed at half time. */
export const processingVisibilityMs = 10 * 60 * 1000;

/** The encoding of queue outputs; an invalid `extensions.queues` is reported by the queue listeners, not here. */
export function queueMessageEncoding(hostJson: HostJson): 'base64' | 'none' {
  try {
    return toQueueOptions(hostJson).messageEncoding;
  } catch {
    return 'base64';
  }
}

export function toQueueOptions(hostJson: HostJson): QueueOptions {
  const extensions = hostJson.extensions as Record<string, unknown> | undefined;
  const queues = (extensions?.queues ?? {}) as Record<string, unknown>;
  const batchSize = Math.min(positiveInteger(queues.batchSize, 'batchSize') ?? 16, maxBatchSize);
  const threshold = queues.newBatchThreshold;
  const encoding = queues.messageEncoding ?? 'base64';
  if (encoding !== 'base64' && encoding !== 'none') {
    throw new Error(`host.json extensions.queues.messageEncoding must be "base64" or "none".`);
  }
  return {
    batchSize,
    newBatchThreshold:
      threshold === undefined
        ? Math.floor(batchSize / 2)
        : (nonNegativeInteger(threshold, 'newBatchThreshold') ?? 0),
    maxPollingIntervalMs: Math.max(
      duration(queues.maxPollingInterval, 'maxPollingInterval') ?? 60_000,
      minPollingIntervalMs,
    ),
    visibilityTimeoutMs: duration(queues.visibilityTimeout, 'visibilityTimeout') ?? 0,
    maxDequeueCount: positiveInteger(queues.maxDequeueCount, 'maxDequeueCount') ?? 5,
    messageEncoding: encoding,
  };
}

function positiveInteger(value: unknown, name: string): number | undefined {
  const parsed = nonNegativeInteger(value, name);
  if (parsed === 0) throw new Error(`host.json extensions.queues.${name} must be at least 1.`);
  return parsed;
}

function nonNegativeInteger(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new Error(`host.json extensions.queues.${name} must be a whole number.`);
  }
  return value;
}

/** A TimeSpan string ("00:00:02") or, as older host.json files write it, milliseconds. */
function duration(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number' && value >= 0) return value;
  try {
    if (typeof value === 'string') {
      const parsed = parseTimeSpan(value);
      if (parsed !== undefined) return parsed;
    }
  } catch {
    // Reported below with this setting's own name.
  }
  throw new Error(`host.json extensions.queues.${name} must be a time span such as "00:00:02".`);
}

/**
 * Runs a dispatched job with its built-in handler: lock it (a job already taken, ended or cancelled is left
 * alone, so a duplicate message does nothing), handle it, and report the outcome like an external worker
 * would. A thrown error uses up one retry (a `JobFailure` that is not retryable all of them); while retries
 * remain, the message is sent again after an exponential back-off: 30 s, 1 min, 2 min, ... at most an hour
 * (the first interval is the `CASEFLOW_JOB_RETRY_BACKOFF_MS` setting; tests shorten it).
 */
import { ensureError } from '../errors/caseflow-error.js';
import { JobFailure } from './job-failure.js';
import type { JobDispatchMessage, JobDispatchQueue } from './job-dispatch-queue.js';
import type { JobHandlerRegistry } from './job-handler.js';
import type { JobService } from './job-service.js';

export const builtInLockMs = 5 * 60_000;
export const builtInRetryBackoffMs = 30_000;
export const builtInMaxRetryBackoffMs = 3600_000;

/** The wait before the next attempt after `failures` earlier failures. */
export function builtInBackoffMs(failures: number, firstMs = builtInRetryBackoffMs): number {
  return Math.min(firstMs * 2 ** failures, builtInMaxRetryBackoffMs);
}

export interface BuiltInJobRunnerOptions {
  readonly jobs: (tenantId: string) => JobService;
  readonly handlers: JobHandlerRegistry;
  readonly queue: JobDispatchQueue;
  /** The first retry back-off (doubling per failure); default `builtInRetryBackoffMs`. */
  readonly retryBackoffMs?: number;
}

export async function runBuiltInJob(
  message: JobDispatchMessage,
  options: BuiltInJobRunnerOptions,
): Promise<void> {
  const service = options.jobs(message.tenantId);
  const probe = await service.get(message.jobId).catch(() => undefined);
  const handler = probe && options.handlers.handlerFor(probe.jobType);
  if (!handler) return;
  const workerId = `builtin:${handler.jobType}`;
  const job = await service.lock(message.jobId, workerId, builtInLockMs);
  if (!job) return;
  let outcome;
  try {
    outcome = await handler.handle(job);
  } catch (thrown) {
    const retryable = !(thrown instanceof JobFailure) || thrown.retryable;
    const retries = retryable ? Math.max(job.retries - 1, 0) : 0;
    const retryBackoffMs = builtInBackoffMs(job.failures ?? 0, options.retryBackoffMs);
    await service.fail(job.id, workerId, {
      errorMessage: ensureError(thrown).message,
      retries,
      retryBackoffMs,
    });
    if (retries > 0) await options.queue.send(message, retryBackoffMs / 1000);
    return;
  }
  if (outcome.kind === 'complete') await service.complete(job.id, workerId, outcome.variables ?? {});
  else {
    const message = outcome.message !== undefined ? { message: outcome.message } : {};
    await service.throwError(job.id, workerId, { code: outcome.code, ...message });
  }
}

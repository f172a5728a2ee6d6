/**
 * Runs a dispatched job with its built-in handler: lock it (a job already taken, ended or cancelled is left
 * alone, so a duplicate message does nothing), handle it, and report the outcome like an external worker
 * would. A thrown error uses up one retry; while retries remain, the message is sent again after the back-off.
 */
import { ensureError } from '../errors/caseflow-error.js';
import type { JobDispatchMessage, JobDispatchQueue } from './job-dispatch-queue.js';
import type { JobHandlerRegistry } from './job-handler.js';
import type { JobService } from './job-service.js';

export const builtInLockMs = 5 * 60_000;
export const builtInRetryBackoffMs = 30_000;

export interface BuiltInJobRunnerOptions {
  readonly jobs: (tenantId: string) => JobService;
  readonly handlers: JobHandlerRegistry;
  readonly queue: JobDispatchQueue;
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
    const retries = Math.max(job.retries - 1, 0);
    await service.fail(job.id, workerId, {
      errorMessage: ensureError(thrown).message,
      retries,
      retryBackoffMs: builtInRetryBackoffMs,
    });
    if (retries > 0) await options.queue.send(message, builtInRetryBackoffMs / 1000);
    return;
  }
  if (outcome.kind === 'complete') await service.complete(job.id, workerId, outcome.variables ?? {});
  else {
    const message = outcome.message !== undefined ? { message: outcome.message } : {};
    await service.throwError(job.id, workerId, { code: outcome.code, ...message });
  }
}

/**
 * The `runJob` and `cancelWork` performer: `runJob` creates the job document (id from the command, so a
 * retried `advanceCase` creates it once) and, when a built-in handler takes its type, puts it on the
 * dispatch queue; other types wait for external workers, so no message is sent for them. `cancelWork`
 * cancels the open job of the element instance, if there is one (a user task's is the task performer's).
 * A job created available rings `arrivals`: it wakes this process's fetch-and-lock requests waiting for it.
 */
import type { CommandContext, CommandKind, CommandPerformer } from '../cases/command-performer.js';
import type { EngineCommand } from '../engine/index.js';
import type { TenantRepository } from '../storage/tenant-repository.js';
import { updateWithEtag } from '../storage/update-with-etag.js';
import type { JobArrivals } from './job-arrivals.js';
import { jobIdFor, type JobDocument } from './job-document.js';
import type { JobDispatchQueue } from './job-dispatch-queue.js';
import type { JobHandlerRegistry } from './job-handler.js';

/** Retries when the model names none (Camunda 8's default). */
export const defaultJobRetries = 3;

export interface JobPerformerOptions {
  readonly jobs: (tenantId: string) => TenantRepository<JobDocument>;
  readonly queue: JobDispatchQueue;
  readonly handlers: JobHandlerRegistry;
  readonly arrivals: JobArrivals;
}

/** What the job performer handles (`cancelWork` also concerns tasks: both performers get it). */
export const jobCommandKinds: ReadonlySet<CommandKind> = new Set<CommandKind>(['runJob', 'cancelWork']);

export function jobPerformer(options: JobPerformerOptions): CommandPerformer {
  return {
    handles: jobCommandKinds,
    async perform(command: EngineCommand, context: CommandContext) {
      if (command.kind === 'runJob') await runJob(options, command, context);
      else if (command.kind === 'cancelWork') await cancelJob(options, command.elementInstance, context);
    },
  };
}

async function runJob(
  options: JobPerformerOptions,
  command: Extract<EngineCommand, { kind: 'runJob' }>,
  context: CommandContext,
): Promise<void> {
  const { document } = await options.jobs(context.tenantId).createIfAbsent({
    id: jobIdFor(context.tenantId, context.caseId, context.commandId),
    jobType: command.jobType,
    state: 'available',
    caseId: context.caseId,
    processKey: context.processKey,
    element: command.element,
    elementInstance: command.elementInstance,
    variables: command.variables,
    headers: command.headers,
    retries: command.retries ?? defaultJobRetries,
    notBefore: context.now,
    createdAt: context.now,
    updatedAt: context.now,
  });
  if (document.state !== 'available') return;
  // Sent again when a retried advanceCase finds the job still waiting: a duplicate message finds it locked.
  if (options.handlers.handlerFor(document.jobType)) {
    await options.queue.send({ tenantId: context.tenantId, jobId: document.id });
  }
  options.arrivals.signal(context.tenantId, document.jobType);
}

async function cancelJob(
  options: JobPerformerOptions,
  elementInstance: string,
  context: CommandContext,
): Promise<void> {
  const repository = options.jobs(context.tenantId);
  const open = await repository.queryAll({
    where:
      "c.caseId = @caseId AND c.elementInstance = @elementInstance AND c.state IN ('available', 'locked')",
    parameters: [
      { name: '@caseId', value: context.caseId },
      { name: '@elementInstance', value: elementInstance },
    ],
  });
  for (const job of open) {
    await updateWithEtag(repository, job.id, (current) =>
      current.state === 'available' || current.state === 'locked'
        ? { ...current, state: 'cancelled' as const, updatedAt: context.now }
        : undefined,
    );
  }
}

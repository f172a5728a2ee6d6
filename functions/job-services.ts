/**
 * The job services of the Functions app: repositories, the dispatch queue and the built-in handlers. Results
 * reach cases through the inbox of the invocation (`caseRuntime`), whose doorbell needs its Durable client.
 */
import type { CaseInbox } from '../shared/cases/case-inbox.js';
import type { CommandPerformer } from '../shared/cases/command-performer.js';
import { cosmosContainers, storageQueues } from '../shared/config/registry.js';
import { builtInJobHandlers } from '../shared/jobs/built-in-job-handlers.js';
import { JobArrivals } from '../shared/jobs/job-arrivals.js';
import type { JobDocument } from '../shared/jobs/job-document.js';
import type { JobDispatchQueue } from '../shared/jobs/job-dispatch-queue.js';
import { JobHandlerRegistry } from '../shared/jobs/job-handler.js';
import { jobCommandKinds, jobPerformer } from '../shared/jobs/job-performer.js';
import { JobService } from '../shared/jobs/job-service.js';
import { createQueueServiceClient } from '../shared/storage/clients.js';
import { StorageJobDispatchQueue } from '../shared/storage/storage-job-dispatch-queue.js';
import { TenantRepository } from '../shared/storage/tenant-repository.js';
import { connectorClient } from './connector-services.js';
import { emailTemplates, outboundMailQueue } from './email-services.js';
import { appDatabase } from './http/app-services.js';

/**
 * One per worker process: `advanceCase` (creating jobs) and the HTTP functions (failing them, waiting for them)
 * run in the same process, so a job created here wakes the fetch-and-lock requests waiting here at once.
 */
export const jobArrivals = new JobArrivals();

let queue: JobDispatchQueue | undefined;
let handlers: JobHandlerRegistry | undefined;

/** Built on first use: the connector handler reaches Key Vault and reads settings. */
export function jobHandlers(): JobHandlerRegistry {
  handlers ??= new JobHandlerRegistry(
    builtInJobHandlers({
      connectors: connectorClient(),
      clock: () => new Date(),
      email: { templates: emailTemplates, queue: outboundMailQueue() },
    }),
  );
  return handlers;
}

export function jobRepository(tenantId: string): TenantRepository<JobDocument> {
  return new TenantRepository<JobDocument>(appDatabase().container(cosmosContainers.jobs.name), tenantId);
}

export function jobService(tenantId: string, inbox: CaseInbox): JobService {
  return new JobService(jobRepository(tenantId), inbox, () => new Date());
}

export function jobDispatchQueue(): JobDispatchQueue {
  queue ??= new StorageJobDispatchQueue(
    createQueueServiceClient().getQueueClient(storageQueues.jobDispatch.name),
  );
  return queue;
}

/** The `runJob` / `cancelWork` performer as the app runs it, for `advanceCase`. */
export function appJobPerformer(): CommandPerformer {
  // Built on the first command: the queue client and the connector handler read their settings then.
  let performer: CommandPerformer | undefined;
  const built = () =>
    (performer ??= jobPerformer({
      jobs: jobRepository,
      queue: jobDispatchQueue(),
      handlers: jobHandlers(),
      arrivals: jobArrivals,
    }));
  return { handles: jobCommandKinds, perform: (command, context) => built().perform(command, context) };
}

/** A job as the runJob performer creates it for a case (no running case is needed to refuse work on it). */
import assert from 'node:assert/strict';
import type { Container } from '@azure/cosmos';
import { JobArrivals } from '../../shared/jobs/job-arrivals.js';
import type { JobDocument } from '../../shared/jobs/job-document.js';
import { JobHandlerRegistry } from '../../shared/jobs/job-handler.js';
import { jobPerformer } from '../../shared/jobs/job-performer.js';
import type { Variables } from '../../shared/engine/index.js';
import { TenantRepository } from '../../shared/storage/tenant-repository.js';

export interface ExternalJob {
  readonly caseId: string;
  readonly jobType: string;
  readonly processKey: string;
  readonly variables: Variables;
  readonly headers?: Readonly<Record<string, string>>;
}

/** Creates the job in tenant `contoso` through the job performer; returns its id. */
export async function createExternalJob(jobsContainer: Container, job: ExternalJob): Promise<string> {
  const jobs = (tenantId: string) => new TenantRepository<JobDocument>(jobsContainer, tenantId);
  const queue = { send: async () => assert.fail('no built-in handler: nothing is queued') };
  await jobPerformer({
    jobs,
    queue,
    handlers: new JobHandlerRegistry([]),
    arrivals: new JobArrivals(),
  }).perform(
    {
      kind: 'runJob',
      elementInstance: `e-${job.caseId}`,
      element: 'charge',
      jobType: job.jobType,
      headers: { ...job.headers },
      variables: job.variables,
    },
    {
      tenantId: 'contoso',
      caseId: job.caseId,
      processKey: job.processKey,
      definitionId: `${job.processKey}:1`,
      commandId: `c-${job.caseId}`,
      now: new Date().toISOString(),
    },
  );
  const created = await jobs('contoso').queryAll({
    where: 'c.caseId = @caseId',
    parameters: [{ name: '@caseId', value: job.caseId }],
  });
  return created[0]!.id;
}

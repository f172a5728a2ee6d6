/**
 * The built-in handler of every `connector:<connector>.<operation>` job: calls the operation with the job's
 * variables and an idempotency key derived from the job id (a retried queue message repeats the key, so a
 * target that honours it does the work once), then maps the response by the task's headers.
 */
import { JobFailure } from '../jobs/job-failure.js';
import type { JobHandler } from '../jobs/job-handler.js';
import type { ConnectorClient } from './connector-client.js';
import { mapResponse } from './response-mapping.js';

export const connectorJobTypePrefix = 'connector:';

/** `connector:crm.getCustomer` -> `{ connectorId: 'crm', operation: 'getCustomer' }`. */
export function parseConnectorJobType(
  jobType: string,
): { connectorId: string; operation: string } | undefined {
  const match = /^connector:([^.]+)\.(.+)$/.exec(jobType);
  return match ? { connectorId: match[1]!, operation: match[2]! } : undefined;
}

export function idempotencyKeyFor(jobId: string): string {
  return `caseflow-job-${jobId}`;
}

export function connectorJobHandler(client: ConnectorClient, clock: () => Date): JobHandler {
  return {
    jobType: connectorJobTypePrefix,
    match: 'prefix',
    async handle(job) {
      const target = parseConnectorJobType(job.jobType);
      if (!target) throw new JobFailure(`${job.jobType} is not connector:<connector>.<operation>`, false);
      const call = await client.call({
        tenantId: job.tenantId,
        ...target,
        variables: job.variables,
        idempotencyKey: idempotencyKeyFor(job.id),
      });
      const name = `${target.connectorId}.${target.operation}`;
      return mapResponse(call.response, job.headers, job.variables, clock().toISOString(), name);
    },
  };
}

/**
 * The external worker API (role `automation`): fetch-and-lock jobs of some types, complete, fail, throw a
 * BPMN error, extend a lock; and the admins' job list. Everything is scoped to the caller's tenant.
 */
import { readSetting } from '../../shared/config/registry.js';
import { parseJsonBody, requireMediaType, validationFailed } from '../../shared/http/body.js';
import { JsonFields } from '../../shared/http/json-fields.js';
import type { Role } from '../../shared/identity/principal.js';
import { jobStates, type JobDocument, type JobState } from '../../shared/jobs/job-document.js';
import { longPollFetch } from '../../shared/jobs/long-poll-fetch.js';
import { longPollRecheckMs, maxLongPollMs } from '../../shared/signals/long-poll.js';
import type { Stored } from '../../shared/storage/tenant-repository.js';
import type { HttpRequest, InvocationContext } from '@azure/functions';
import { caseRuntime } from '../cases/case-runtime.js';
import { apiRoute, json } from './api-route.js';
import { requestBytes } from './request-body.js';
import { durableClientOf } from '../durable/durable-client.js';
import { jobArrivals } from '../job-services.js';

const workers: readonly Role[] = ['automation'];
const maxLockMs = 24 * 3600_000;
const maxBackoffMs = 7 * 24 * 3600_000;

/** Results reach the case through its inbox, whose doorbell needs the invocation's Durable client. */
function jobService(tenantId: string, context: InvocationContext) {
  return caseRuntime(durableClientOf(context)).jobs(tenantId);
}

async function jsonBody(request: HttpRequest): Promise<JsonFields> {
  requireMediaType(request.headers.get('content-type'), ['application/json']);
  return new JsonFields(parseJsonBody(await requestBytes(request, readSetting('maxJsonBodyBytes'))));
}

apiRoute({
  name: 'fetchAndLockJobs',
  roles: workers,
  method: 'POST',
  route: 'jobs/fetch-and-lock',
  durableClient: true,
  async handler(request, principal, context) {
    const fields = await jsonBody(request);
    const workerId = fields.string('workerId');
    const types = fields.strings('types', 20);
    const maxJobs = fields.integer('maxJobs', 1, 100, 10);
    const lockDurationMs = fields.integer('lockDurationMs', 1000, maxLockMs);
    const asyncResponseTimeoutMs = fields.integer('asyncResponseTimeoutMs', 0, maxLongPollMs, 0);
    fields.done();
    const service = jobService(principal.tenantId, context);
    // The Functions HTTP request offers no abort signal: a client that goes away is waited for to the end.
    const jobs = await longPollFetch(
      () => service.fetchAndLock({ workerId, types, maxJobs, lockDurationMs }),
      {
        arrivals: jobArrivals,
        tenantId: principal.tenantId,
        types,
        timeoutMs: asyncResponseTimeoutMs,
        recheckMs: longPollRecheckMs,
      },
    );
    return json(200, { items: jobs.map(jobView) });
  },
});

apiRoute({
  name: 'completeJob',
  roles: workers,
  method: 'POST',
  route: 'jobs/{id}/complete',
  durableClient: true,
  async handler(request, principal, context) {
    const fields = await jsonBody(request);
    const workerId = fields.string('workerId');
    const variables = fields.variables();
    fields.done();
    const job = await jobService(principal.tenantId, context).complete(
      request.params.id ?? '',
      workerId,
      variables,
    );
    return json(200, jobView(job));
  },
});

apiRoute({
  name: 'failJob',
  roles: workers,
  method: 'POST',
  route: 'jobs/{id}/fail',
  durableClient: true,
  async handler(request, principal, context) {
    const fields = await jsonBody(request);
    const workerId = fields.string('workerId');
    const errorMessage = fields.string('errorMessage');
    const retries = fields.integer('retries', 0, 1000);
    const retryBackoffMs = fields.integer('retryBackoffMs', 0, maxBackoffMs, 0);
    fields.done();
    const job = await jobService(principal.tenantId, context).fail(request.params.id ?? '', workerId, {
      errorMessage,
      retries,
      retryBackoffMs,
    });
    // Fetchable again at once: waiting fetches need not wait for their recheck (a back-off's end they find).
    if (job.state === 'available' && retryBackoffMs === 0)
      jobArrivals.signal(principal.tenantId, job.jobType);
    return json(200, jobView(job));
  },
});

apiRoute({
  name: 'throwJobError',
  roles: workers,
  method: 'POST',
  route: 'jobs/{id}/bpmn-error',
  durableClient: true,
  async handler(request, principal, context) {
    const fields = await jsonBody(request);
    const workerId = fields.string('workerId');
    const code = fields.string('errorCode');
    const message = fields.string('errorMessage', 'optional');
    fields.done();
    const job = await jobService(principal.tenantId, context).throwError(request.params.id ?? '', workerId, {
      code,
      ...(message !== undefined ? { message } : {}),
    });
    return json(200, jobView(job));
  },
});

apiRoute({
  name: 'extendJobLock',
  roles: workers,
  method: 'POST',
  route: 'jobs/{id}/extend-lock',
  durableClient: true,
  async handler(request, principal, context) {
    const fields = await jsonBody(request);
    const workerId = fields.string('workerId');
    const lockDurationMs = fields.integer('lockDurationMs', 1000, maxLockMs);
    fields.done();
    const job = await jobService(principal.tenantId, context).extendLock(
      request.params.id ?? '',
      workerId,
      lockDurationMs,
    );
    return json(200, jobView(job));
  },
});

apiRoute({
  name: 'listJobs',
  roles: ['admin'],
  method: 'GET',
  route: 'jobs',
  durableClient: true,
  async handler(request, principal, context) {
    const state = request.query.get('state');
    const jobType = request.query.get('type');
    const rawLimit = request.query.get('limit');
    const limit = rawLimit === null ? 50 : Number(rawLimit);
    const errors = [];
    if (state !== null && !(jobStates as readonly string[]).includes(state)) {
      errors.push({ field: 'state', message: `must be one of ${jobStates.join(', ')}` });
    }
    if (!Number.isSafeInteger(limit) || limit < 1 || limit > 200) {
      errors.push({ field: 'limit', message: 'must be an integer from 1 to 200' });
    }
    if (errors.length > 0) throw validationFailed(errors);
    const continuationToken = request.query.get('continuationToken');
    const page = await jobService(principal.tenantId, context).list({
      limit,
      ...(state !== null ? { state: state as JobState } : {}),
      ...(jobType !== null ? { jobType } : {}),
      ...(continuationToken !== null ? { continuationToken } : {}),
    });
    return json(200, {
      items: page.items.map(jobView),
      ...(page.continuationToken ? { continuationToken: page.continuationToken } : {}),
    });
  },
});

function jobView(job: Stored<JobDocument>) {
  return {
    id: job.id,
    type: job.jobType,
    state: job.state,
    caseId: job.caseId,
    processKey: job.processKey,
    element: job.element,
    elementInstance: job.elementInstance,
    variables: job.variables,
    headers: job.headers,
    retries: job.retries,
    notBefore: job.notBefore,
    ...(job.lockOwner !== undefined ? { lockOwner: job.lockOwner } : {}),
    ...(job.lockExpiresAt !== undefined ? { lockExpiresAt: job.lockExpiresAt } : {}),
    ...(job.lastError !== undefined ? { lastError: job.lastError } : {}),
    createdAt: job.createdAt,
    updatedAt: job.updatedAt,
  };
}

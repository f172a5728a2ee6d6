/**
 * The job use cases for one tenant: workers fetch-and-lock, complete, fail, throw BPMN errors and extend
 * locks; admins list. Results reach the case only through its inbox, with idempotency keys derived from the
 * job (`job:<id>:completed|failed|error`), delivered before the job records its end: a caller that retries
 * after a crash delivers again under the same key, so nothing is applied twice.
 */
import type { CaseInbox } from '../cases/case-inbox.js';
import type { EngineEvent, Variables } from '../engine/index.js';
import { CaseflowError } from '../errors/caseflow-error.js';
import type { Page, Stored, TenantRepository } from '../storage/tenant-repository.js';
import { updateWithEtag, withoutSystemFields } from '../storage/update-with-etag.js';
import { isFetchable, type JobDocument, type JobState } from './job-document.js';

export interface FetchRequest {
  readonly workerId: string;
  readonly types: readonly string[];
  readonly maxJobs: number;
  readonly lockDurationMs: number;
}

export interface FailRequest {
  readonly errorMessage: string;
  /** Retries left after this failure; 0 raises an incident. */
  readonly retries: number;
  readonly retryBackoffMs: number;
}

export interface ListRequest {
  readonly state?: JobState;
  readonly jobType?: string;
  readonly limit: number;
  readonly continuationToken?: string;
}

export class JobService {
  constructor(
    private readonly jobs: TenantRepository<JobDocument>,
    private readonly inbox: CaseInbox,
    private readonly clock: () => Date,
  ) {}

  /** Locks up to `maxJobs` fetchable jobs of the types, oldest first; one another worker locked first is skipped. */
  async fetchAndLock(request: FetchRequest): Promise<Stored<JobDocument>[]> {
    const now = this.now();
    const typeParameters = request.types.map((type, index) => ({ name: `@type${index}`, value: type }));
    const candidates = await this.jobs.query({
      where:
        `c.jobType IN (${typeParameters.map((parameter) => parameter.name).join(', ')}) AND ` +
        "((c.state = 'available' AND c.notBefore <= @now) OR (c.state = 'locked' AND c.lockExpiresAt <= @now))",
      parameters: [...typeParameters, { name: '@now', value: now }],
      orderBy: 'c.createdAt',
      maxItemCount: request.maxJobs * 2,
    });
    // Locks in waves of concurrent writes (one round trip for a whole wave, not one per job); a wave takes
    // only as many as are still wanted, so at most `maxJobs` are locked, oldest first.
    const locked: Stored<JobDocument>[] = [];
    let next = 0;
    while (locked.length < request.maxJobs && next < candidates.items.length) {
      const wave = candidates.items.slice(next, next + request.maxJobs - locked.length);
      next += wave.length;
      const results = await Promise.all(
        wave.map((candidate) => this.lockIfFetchable(candidate, request.workerId, request.lockDurationMs)),
      );
      for (const job of results) if (job) locked.push(job);
    }
    return locked;
  }

  /** Locks this one job for `workerId` if it can be fetched now (built-in handlers); else `undefined`. */
  async lock(
    jobId: string,
    workerId: string,
    lockDurationMs: number,
  ): Promise<Stored<JobDocument> | undefined> {
    const job = await this.jobs.read(jobId);
    return job ? this.lockIfFetchable(job, workerId, lockDurationMs) : undefined;
  }

  async complete(jobId: string, workerId: string, variables: Variables): Promise<Stored<JobDocument>> {
    return this.finish(
      jobId,
      workerId,
      'completed',
      'completed',
      (job) => ({
        type: 'jobCompleted',
        elementInstance: job.elementInstance,
        variables,
      }),
      { variables },
    );
  }

  async throwError(
    jobId: string,
    workerId: string,
    error: { code: string; message?: string },
  ): Promise<Stored<JobDocument>> {
    return this.finish(
      jobId,
      workerId,
      'failed',
      'error',
      (job) => ({
        type: 'jobError',
        elementInstance: job.elementInstance,
        code: error.code,
        ...(error.message !== undefined ? { message: error.message } : {}),
      }),
      { error },
    );
  }

  async fail(jobId: string, workerId: string, request: FailRequest): Promise<Stored<JobDocument>> {
    if (request.retries === 0) {
      return this.finish(
        jobId,
        workerId,
        'incident',
        'failed',
        (job) => ({
          type: 'jobFailed',
          elementInstance: job.elementInstance,
          message: request.errorMessage,
        }),
        {},
        request.errorMessage,
      );
    }
    const now = this.clock();
    const notBefore = new Date(now.getTime() + request.retryBackoffMs).toISOString();
    return this.change(jobId, (job) => {
      requireLockHolder(job, workerId);
      return {
        ...job,
        state: 'available',
        retries: request.retries,
        notBefore,
        lastError: request.errorMessage,
        failures: (job.failures ?? 0) + 1,
        lockExpiresAt: undefined,
        updatedAt: now.toISOString(),
      };
    });
  }

  async extendLock(jobId: string, workerId: string, lockDurationMs: number): Promise<Stored<JobDocument>> {
    const now = this.clock();
    return this.change(jobId, (job) => {
      requireLockHolder(job, workerId);
      return {
        ...job,
        lockExpiresAt: new Date(now.getTime() + lockDurationMs).toISOString(),
        updatedAt: now.toISOString(),
      };
    });
  }

  async get(jobId: string): Promise<Stored<JobDocument>> {
    const job = await this.jobs.read(jobId);
    if (!job) throw notFound(jobId);
    return job;
  }

  list(request: ListRequest): Promise<Page<Stored<JobDocument>>> {
    const conditions: string[] = [];
    const parameters = [];
    if (request.state) {
      conditions.push('c.state = @state');
      parameters.push({ name: '@state', value: request.state });
    }
    if (request.jobType) {
      conditions.push('c.jobType = @jobType');
      parameters.push({ name: '@jobType', value: request.jobType });
    }
    return this.jobs.query({
      ...(conditions.length > 0 ? { where: conditions.join(' AND ') } : {}),
      parameters,
      orderBy: 'c.createdAt',
      maxItemCount: request.limit,
      ...(request.continuationToken ? { continuationToken: request.continuationToken } : {}),
    });
  }

  /**
   * Ends a locked job: checks the lock, delivers the event to the case, then records the end state. A job
   * already in `endState` answers as it is (a duplicate call); any other ended job is `jobs.not-active`.
   */
  private async finish(
    jobId: string,
    workerId: string,
    endState: JobState,
    keySuffix: string,
    event: (job: JobDocument) => EngineEvent,
    result: JobDocument['result'],
    lastError?: string,
  ): Promise<Stored<JobDocument>> {
    const job = await this.get(jobId);
    if (job.state === endState) return job;
    requireLockHolder(job, workerId);
    await this.inbox.deliver({ tenantId: job.tenantId, caseId: job.caseId }, event(job), {
      idempotencyKey: `job:${job.id}:${keySuffix}`,
      actor: `worker:${workerId}`,
    });
    const updatedAt = this.now();
    // Delivered: the job ends now even if another worker took an expired lock in the meantime.
    return this.change(
      jobId,
      (current) =>
        current.state === 'available' || current.state === 'locked'
          ? {
              ...current,
              state: endState,
              result,
              ...(lastError !== undefined ? { lastError } : {}),
              lockExpiresAt: undefined,
              updatedAt,
            }
          : undefined,
      job,
    );
  }

  private async lockIfFetchable(
    job: Stored<JobDocument>,
    workerId: string,
    lockDurationMs: number,
  ): Promise<Stored<JobDocument> | undefined> {
    const now = this.clock();
    if (!isFetchable(job, now.toISOString())) return undefined;
    try {
      return await this.jobs.replace(
        {
          ...withoutSystemFields(job),
          state: 'locked',
          lockOwner: workerId,
          lockExpiresAt: new Date(now.getTime() + lockDurationMs).toISOString(),
          updatedAt: now.toISOString(),
        },
        job._etag,
      );
    } catch (error) {
      if (error instanceof CaseflowError && error.code === 'storage.etag-mismatch') return undefined;
      throw error;
    }
  }

  private async change(
    jobId: string,
    change: (job: Stored<JobDocument>) => JobDocument | undefined,
    known?: Stored<JobDocument>,
  ): Promise<Stored<JobDocument>> {
    const updated = await updateWithEtag(this.jobs, jobId, change, known);
    if (!updated) throw notFound(jobId);
    return updated;
  }

  private now(): string {
    return this.clock().toISOString();
  }
}

/** Only the worker holding the lock may end or extend it; an expired lock nobody took is still its. */
function requireLockHolder(job: JobDocument, workerId: string): void {
  if (job.state !== 'locked') {
    throw new CaseflowError('jobs.not-active', `Job ${job.id} is ${job.state}, not locked by a worker.`, {
      state: job.state,
    });
  }
  if (job.lockOwner !== workerId) {
    throw new CaseflowError('jobs.locked-by-other', `Job ${job.id} is locked by another worker.`);
  }
}

function notFound(jobId: string): CaseflowError {
  return new CaseflowError('jobs.not-found', `No job ${jobId}.`);
}

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CommandContext } from '../../shared/cases/command-performer.js';
import type { EngineCommand } from '../../shared/engine/index.js';
import { CaseflowError } from '../../shared/errors/caseflow-error.js';
import { runBuiltInJob } from '../../shared/jobs/built-in-job-runner.js';
import { JobArrivals } from '../../shared/jobs/job-arrivals.js';
import type { JobDocument } from '../../shared/jobs/job-document.js';
import type { JobDispatchMessage } from '../../shared/jobs/job-dispatch-queue.js';
import { JobHandlerRegistry, type JobHandler } from '../../shared/jobs/job-handler.js';
import { jobPerformer } from '../../shared/jobs/job-performer.js';
import { JobService } from '../../shared/jobs/job-service.js';
import { TenantRepository } from '../../shared/storage/tenant-repository.js';
import { startLocalCosmos, type LocalCosmos } from '../support/local-cosmos.js';
import { RecordingInbox } from '../support/recording-inbox.js';

const hasCode = (code: string) => (error: unknown) => error instanceof CaseflowError && error.code === code;
const start = Date.parse('2030-01-01T00:00:00Z');

describe('jobs (on the local Cosmos DB)', () => {
  let cosmos: LocalCosmos;
  let clock = start;
  const sent: { message: JobDispatchMessage; delaySeconds: number | undefined }[] = [];
  const queue = {
    send: async (message: JobDispatchMessage, delaySeconds?: number) =>
      void sent.push({ message, delaySeconds }),
  };
  let handlerOutcome: () => Promise<Awaited<ReturnType<JobHandler['handle']>>> = async () => ({
    kind: 'complete',
  });
  const handlers = new JobHandlerRegistry([{ jobType: 'builtin-mail', handle: () => handlerOutcome() }]);
  const repository = (tenantId: string) =>
    new TenantRepository<JobDocument>(cosmos.container('jobs'), tenantId);
  const performer = () => jobPerformer({ jobs: repository, queue, handlers, arrivals: new JobArrivals() });

  before(async () => {
    cosmos = await startLocalCosmos('jobs', ['jobs']);
  });
  after(async () => {
    await cosmos.stop();
  });

  let commandCounter = 0;
  function context(caseId: string, tenantId = 'contoso'): CommandContext {
    return {
      tenantId,
      caseId,
      processKey: 'claim',
      definitionId: 'claim:1',
      commandId: `cmd-${++commandCounter}`,
      now: new Date(clock).toISOString(),
    };
  }
  function runJob(jobType: string, elementInstance = 'e1', retries?: number): EngineCommand {
    return {
      kind: 'runJob',
      elementInstance,
      element: 'charge',
      jobType,
      headers: { endpoint: 'x' },
      variables: { amount: 5 },
      ...(retries !== undefined ? { retries } : {}),
    };
  }
  function service(inbox: RecordingInbox, tenantId = 'contoso'): JobService {
    return new JobService(repository(tenantId), inbox, () => new Date(clock));
  }
  async function createJob(jobType: string, caseId: string, retries?: number): Promise<string> {
    const ctx = context(caseId);
    await performer().perform(runJob(jobType, 'e1', retries), ctx);
    const [job] = await repository('contoso').queryAll({
      where: 'c.caseId = @caseId',
      parameters: [{ name: '@caseId', value: caseId }],
    });
    return job!.id;
  }

  it('creates one job per command however often it is performed, and queues only built-in types', async () => {
    const ctx = context('case-once');
    await performer().perform(runJob('charge-card'), ctx);
    await performer().perform(runJob('charge-card'), ctx);
    const jobs = await repository('contoso').queryAll({ where: "c.caseId = 'case-once'" });
    assert.equal(jobs.length, 1);
    assert.equal(jobs[0]!.state, 'available');
    assert.equal(jobs[0]!.retries, 3);
    assert.deepEqual(jobs[0]!.headers, { endpoint: 'x' });
    assert.equal(sent.length, 0);
    await performer().perform(runJob('builtin-mail'), context('case-mail'));
    assert.deepEqual(
      sent.map((entry) => entry.message.tenantId),
      ['contoso'],
    );
  });

  it('locks fetched jobs for one worker until the lock expires, then hands them out again', async () => {
    const inbox = new RecordingInbox();
    const jobId = await createJob('lock-type', 'case-lock');
    const first = await service(inbox).fetchAndLock({
      workerId: 'w1',
      types: ['lock-type'],
      maxJobs: 5,
      lockDurationMs: 60_000,
    });
    assert.deepEqual(
      first.map((job) => [job.id, job.lockOwner, job.state]),
      [[jobId, 'w1', 'locked']],
    );
    assert.deepEqual(first[0]!.variables, { amount: 5 });
    const meanwhile = await service(inbox).fetchAndLock({
      workerId: 'w2',
      types: ['lock-type'],
      maxJobs: 5,
      lockDurationMs: 60_000,
    });
    assert.equal(meanwhile.length, 0);
    await assert.rejects(service(inbox).complete(jobId, 'w2', {}), hasCode('jobs.locked-by-other'));
    clock += 61_000;
    const later = await service(inbox).fetchAndLock({
      workerId: 'w2',
      types: ['lock-type'],
      maxJobs: 5,
      lockDurationMs: 60_000,
    });
    assert.deepEqual(
      later.map((job) => job.lockOwner),
      ['w2'],
    );
    await assert.rejects(service(inbox).extendLock(jobId, 'w1', 60_000), hasCode('jobs.locked-by-other'));
    const extended = await service(inbox).extendLock(jobId, 'w2', 120_000);
    assert.equal(extended.lockExpiresAt, new Date(clock + 120_000).toISOString());
    assert.equal(inbox.deliveries.length, 0);
  });

  it('delivers a completion once under a key from the job, and answers a duplicate completion without applying it', async () => {
    const inbox = new RecordingInbox();
    const jobId = await createJob('complete-type', 'case-complete');
    await service(inbox).fetchAndLock({
      workerId: 'w1',
      types: ['complete-type'],
      maxJobs: 1,
      lockDurationMs: 60_000,
    });
    const done = await service(inbox).complete(jobId, 'w1', { paid: true });
    assert.equal(done.state, 'completed');
    const again = await service(inbox).complete(jobId, 'w1', { paid: false });
    assert.equal(again.state, 'completed');
    assert.deepEqual(inbox.deliveries, [
      {
        ref: { tenantId: 'contoso', caseId: 'case-complete' },
        event: { type: 'jobCompleted', elementInstance: 'e1', variables: { paid: true } },
        options: { idempotencyKey: `job:${jobId}:completed`, actor: 'worker:w1' },
      },
    ]);
    await assert.rejects(
      service(inbox).fail(jobId, 'w1', { errorMessage: 'x', retries: 1, retryBackoffMs: 0 }),
      hasCode('jobs.not-active'),
    );
  });

  it('makes a failed job available again after its back-off, and reports jobFailed at 0 retries', async () => {
    const inbox = new RecordingInbox();
    const jobId = await createJob('fail-type', 'case-fail', 2);
    const fetch = (workerId: string) =>
      service(inbox).fetchAndLock({ workerId, types: ['fail-type'], maxJobs: 1, lockDurationMs: 60_000 });
    await fetch('w1');
    const failed = await service(inbox).fail(jobId, 'w1', {
      errorMessage: 'down',
      retries: 1,
      retryBackoffMs: 30_000,
    });
    assert.equal(failed.state, 'available');
    assert.equal(failed.retries, 1);
    assert.equal((await fetch('w1')).length, 0, 'not before the back-off');
    clock += 30_000;
    assert.equal((await fetch('w1')).length, 1);
    const incident = await service(inbox).fail(jobId, 'w1', {
      errorMessage: 'still down',
      retries: 0,
      retryBackoffMs: 0,
    });
    assert.equal(incident.state, 'incident');
    assert.deepEqual(
      inbox.deliveries.map((delivery) => [delivery.event, delivery.options.idempotencyKey]),
      [[{ type: 'jobFailed', elementInstance: 'e1', message: 'still down' }, `job:${jobId}:failed`]],
    );
  });

  it('delivers a thrown BPMN error and ends the job as failed', async () => {
    const inbox = new RecordingInbox();
    const jobId = await createJob('error-type', 'case-error');
    await service(inbox).fetchAndLock({
      workerId: 'w1',
      types: ['error-type'],
      maxJobs: 1,
      lockDurationMs: 60_000,
    });
    assert.equal((await service(inbox).throwError(jobId, 'w1', { code: 'NO_FUNDS' })).state, 'failed');
    assert.deepEqual(inbox.deliveries[0]!.event, {
      type: 'jobError',
      elementInstance: 'e1',
      code: 'NO_FUNDS',
    });
  });

  it('cancels the open job of a terminated element instance, and ignores instances without one', async () => {
    const inbox = new RecordingInbox();
    const jobId = await createJob('cancel-type', 'case-cancel');
    await performer().perform(
      { kind: 'cancelWork', elementInstance: 'e-none', element: 'x' },
      context('case-cancel'),
    );
    assert.equal((await repository('contoso').read(jobId))!.state, 'available');
    await performer().perform(
      { kind: 'cancelWork', elementInstance: 'e1', element: 'charge' },
      context('case-cancel'),
    );
    assert.equal((await repository('contoso').read(jobId))!.state, 'cancelled');
    assert.equal(
      (
        await service(inbox).fetchAndLock({
          workerId: 'w',
          types: ['cancel-type'],
          maxJobs: 1,
          lockDurationMs: 1000,
        })
      ).length,
      0,
    );
  });

  it("never shows or changes another tenant's jobs", async () => {
    const inbox = new RecordingInbox();
    const jobId = await createJob('tenant-type', 'case-tenant');
    const other = service(inbox, 'fabrikam');
    assert.equal(
      (await other.fetchAndLock({ workerId: 'w', types: ['tenant-type'], maxJobs: 5, lockDurationMs: 1000 }))
        .length,
      0,
    );
    await assert.rejects(other.complete(jobId, 'w', {}), hasCode('jobs.not-found'));
  });

  it('runs a dispatched job with its built-in handler, retrying a thrown failure through the queue', async () => {
    const inbox = new RecordingInbox();
    sent.length = 0;
    const jobId = await createJob('builtin-mail', 'case-builtin', 2);
    const options = { jobs: (tenantId: string) => service(inbox, tenantId), handlers, queue };
    handlerOutcome = async () => {
      throw new Error('smtp down');
    };
    await runBuiltInJob({ tenantId: 'contoso', jobId }, options);
    assert.equal((await repository('contoso').read(jobId))!.state, 'available');
    assert.equal(sent.at(-1)!.delaySeconds, 30);
    clock += 30_000;
    handlerOutcome = async () => ({ kind: 'complete', variables: { sent: true } });
    await runBuiltInJob({ tenantId: 'contoso', jobId }, options);
    await runBuiltInJob({ tenantId: 'contoso', jobId }, options);
    assert.equal((await repository('contoso').read(jobId))!.state, 'completed');
    assert.deepEqual(
      inbox.deliveries.map((delivery) => delivery.options),
      [{ idempotencyKey: `job:${jobId}:completed`, actor: 'worker:builtin:builtin-mail' }],
    );
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startLocalCloud, type LocalCloud } from '../../local/start-local-cloud.js';
import { apiUser, eventually, type ApiUser } from '../support/caseflow-api.js';
import { definitions } from '../support/models.js';
import { repositoryRoot } from '../support/paths.js';
import { makeTempDir } from '../support/temp-dir.js';

interface JobView {
  id: string;
  caseId: string;
  state: string;
  lockOwner?: string;
}

/** A process per job type, so each test waits for its own: start -> work (type = process id) -> end. */
const jobTypes = ['lp-arrives', 'lp-race', 'lp-retry', 'lp-expiry', 'lp-unchanged'] as const;
const model = definitions(
  jobTypes
    .map(
      (type) => `<bpmn:process id="${type}" isExecutable="true">
  <bpmn:startEvent id="${type}-start" />
  <bpmn:sequenceFlow id="${type}-f1" sourceRef="${type}-start" targetRef="${type}-work" />
  <bpmn:serviceTask id="${type}-work"><bpmn:extensionElements><zeebe:taskDefinition type="${type}" /></bpmn:extensionElements></bpmn:serviceTask>
  <bpmn:sequenceFlow id="${type}-f2" sourceRef="${type}-work" targetRef="${type}-end" />
  <bpmn:endEvent id="${type}-end" />
</bpmn:process>`,
    )
    .join('\n'),
);

describe('long polling fetch-and-lock on the local cloud', () => {
  const dataDir = makeTempDir('jobs-long-poll');
  let cloud: LocalCloud;
  let walter: ApiUser;
  let worker: ApiUser;
  let admin: ApiUser;

  before(async () => {
    cloud = await startLocalCloud({ appRoot: repositoryRoot, dataDir: dataDir.path, ports: 'free' });
    const as = (userId: string) => apiUser(() => cloud.host.url, 'contoso', userId);
    const upload = await (await as('dave')).send('POST', '/api/models', model, 'application/xml');
    assert.equal(upload.status, 201, await upload.clone().text());
    [walter, worker, admin] = await Promise.all([as('walter'), as('svc-worker'), as('alice')]);
  });
  after(async () => {
    await cloud?.stop();
    dataDir.remove();
  });

  async function startCase(processKey: string): Promise<string> {
    const started = await walter.post('/api/cases', { processKey });
    assert.equal(started.status, 201, await started.clone().text());
    return ((await started.json()) as { id: string }).id;
  }

  async function fetchWaiting(workerId: string, type: string, asyncResponseTimeoutMs: number) {
    const answer = await worker.post('/api/jobs/fetch-and-lock', {
      workerId,
      types: [type],
      lockDurationMs: 60_000,
      asyncResponseTimeoutMs,
    });
    assert.equal(answer.status, 200, await answer.clone().text());
    return ((await answer.json()) as { items: JobView[] }).items;
  }

  it('answers a waiting fetch with the job of a case started meanwhile, locked for that worker', async () => {
    const waiting = fetchWaiting('w-arrives', 'lp-arrives', 5000);
    const caseId = await startCase('lp-arrives');
    const items = await waiting;
    assert.deepEqual(
      items.map((job) => [job.caseId, job.state, job.lockOwner]),
      [[caseId, 'locked', 'w-arrives']],
    );
  });

  it('answers { items: [] } when nothing arrives before the timeout', async () => {
    assert.deepEqual(await fetchWaiting('w-none', 'lp-never-created', 300), []);
  });

  it('gives a new job to one of two waiting workers; the other waits on and gets the next', async () => {
    const answers = new Map<string, JobView[]>();
    const waiting = ['w-race-1', 'w-race-2'].map((workerId) =>
      fetchWaiting(workerId, 'lp-race', 30_000).then((items) => {
        answers.set(workerId, items);
        return workerId;
      }),
    );
    const firstCase = await startCase('lp-race');
    const first = await Promise.race(waiting);
    assert.deepEqual(
      answers.get(first)?.map((job) => [job.caseId, job.lockOwner]),
      [[firstCase, first]],
    );
    // Only a job or the 30 s timeout could answer the other worker, and there is no other job yet.
    assert.equal(answers.size, 1);
    const secondCase = await startCase('lp-race');
    const second = await Promise.all(waiting).then((ids) => ids.find((id) => id !== first)!);
    assert.deepEqual(
      answers.get(second)?.map((job) => [job.caseId, job.lockOwner]),
      [[secondCase, second]],
    );
  });

  it('hands a waiting worker a failed job once its back-off ends (found by the recheck)', async () => {
    const caseId = await startCase('lp-retry');
    const [held] = await fetchWaiting('w-retry-1', 'lp-retry', 10_000);
    assert.equal(held?.caseId, caseId);
    const waiting = fetchWaiting('w-retry-2', 'lp-retry', 10_000);
    const failed = await worker.post(`/api/jobs/${held.id}/fail`, {
      workerId: 'w-retry-1',
      errorMessage: 'try again',
      retries: 2,
      retryBackoffMs: 300,
    });
    assert.equal(failed.status, 200);
    assert.deepEqual(
      (await waiting).map((job) => [job.id, job.lockOwner]),
      [[held.id, 'w-retry-2']],
    );
  });

  it('hands a waiting worker a job whose lock expired', async () => {
    await startCase('lp-expiry');
    const short = await worker.post('/api/jobs/fetch-and-lock', {
      workerId: 'w-expiry-1',
      types: ['lp-expiry'],
      lockDurationMs: 1000,
      asyncResponseTimeoutMs: 10_000,
    });
    const [held] = ((await short.json()) as { items: JobView[] }).items;
    assert.ok(held);
    assert.deepEqual(
      (await fetchWaiting('w-expiry-2', 'lp-expiry', 10_000)).map((job) => [job.id, job.lockOwner]),
      [[held.id, 'w-expiry-2']],
    );
  });

  it('refuses bad asyncResponseTimeoutMs values with a 400 naming the field, locking nothing', async () => {
    const caseId = await startCase('lp-unchanged');
    const listed = () =>
      admin.get<{ items: JobView[] }>('/api/jobs?type=lp-unchanged').then(({ items }) => items);
    await eventually('the lp-unchanged job', async () => ((await listed()).length > 0 ? true : undefined));
    for (const asyncResponseTimeoutMs of [-1, 60_001, 1.5, '1000', null]) {
      const refused = await worker.post('/api/jobs/fetch-and-lock', {
        workerId: 'w-bad',
        types: ['lp-unchanged'],
        lockDurationMs: 60_000,
        asyncResponseTimeoutMs,
      });
      assert.equal(refused.status, 400, `asyncResponseTimeoutMs ${JSON.stringify(asyncResponseTimeoutMs)}`);
      const problem = (await refused.json()) as { code: string; errors: { field: string }[] };
      assert.equal(problem.code, 'http.validation-failed');
      assert.deepEqual(
        problem.errors.map((error) => error.field),
        ['asyncResponseTimeoutMs'],
      );
    }
    assert.deepEqual(
      (await listed()).map((job) => [job.caseId, job.state]),
      [[caseId, 'available']],
    );
  });
});

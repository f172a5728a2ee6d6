import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CosmosClient } from '@azure/cosmos';
import { createLocalCosmosClient } from '../../local/emulators/index.js';
import { startLocalCloud, type LocalCloud } from '../../local/start-local-cloud.js';
import { cosmosContainers, cosmosDatabase } from '../../shared/config/registry.js';
import type { JobDocument } from '../../shared/jobs/job-document.js';
import { TenantRepository } from '../../shared/storage/tenant-repository.js';
import { createExternalJob } from '../support/external-job.js';
import { repositoryRoot } from '../support/paths.js';
import { makeTempDir } from '../support/temp-dir.js';

describe('the jobs API on the local cloud', () => {
  const dataDir = makeTempDir('jobs-api');
  let cloud: LocalCloud;
  let cosmos: CosmosClient;

  before(async () => {
    cloud = await startLocalCloud({ appRoot: repositoryRoot, dataDir: dataDir.path, ports: 'free' });
    cosmos = createLocalCosmosClient(cloud.emulators.cosmos);
  });
  after(async () => {
    cosmos?.dispose();
    await cloud?.stop();
    dataDir.remove();
  });

  const container = (name: string) => cosmos.database(cosmosDatabase.name).container(name);

  async function as(tenantId: string, userId: string) {
    const issued = await fetch(`${cloud.host.url}/api/dev/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tenantId, userId }),
    });
    const { accessToken } = (await issued.json()) as { accessToken: string };
    const headers = { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' };
    return {
      get: (path: string) => fetch(`${cloud.host.url}${path}`, { headers }),
      post: (path: string, body: unknown) =>
        fetch(`${cloud.host.url}${path}`, {
          method: 'POST',
          headers,
          body: typeof body === 'string' ? body : JSON.stringify(body),
        }),
    };
  }

  const createJob = (caseId: string, jobType: string) =>
    createExternalJob(container(cosmosContainers.jobs.name), {
      caseId,
      jobType,
      processKey: 'claim',
      headers: { h: '1' },
      variables: { a: 1 },
    });

  it('refuses people, other tenants and bad input with a clear 4xx, changing nothing', async () => {
    const jobId = await createJob('case-refused', 'refused-type');
    const person = await as('contoso', 'walter');
    assert.equal(
      (
        await person.post('/api/jobs/fetch-and-lock', {
          workerId: 'w',
          types: ['refused-type'],
          lockDurationMs: 1000,
        })
      ).status,
      403,
    );
    assert.equal((await person.get('/api/jobs')).status, 403);
    const otherTenant = await as('fabrikam', 'svc-worker');
    const foreign = await otherTenant.post(`/api/jobs/${jobId}/complete`, { workerId: 'w' });
    assert.equal(foreign.status, 404);
    const worker = await as('contoso', 'svc-worker');
    const malformed = await worker.post('/api/jobs/fetch-and-lock', '{"workerId":');
    assert.equal(malformed.status, 400);
    const mistyped = await worker.post('/api/jobs/fetch-and-lock', {
      workerId: 1,
      types: 'x',
      lockDurationMs: -1,
    });
    assert.equal(mistyped.status, 400);
    const problem = (await mistyped.json()) as { code: string; errors: { field: string }[] };
    assert.equal(problem.code, 'http.validation-failed');
    assert.deepEqual(
      problem.errors.map((error) => error.field),
      ['workerId', 'types', 'lockDurationMs'],
    );
    const badList = await (await as('contoso', 'alice')).get('/api/jobs?state=nonsense');
    assert.equal(badList.status, 400);
    const notLocked = await worker.post(`/api/jobs/${jobId}/fail`, {
      workerId: 'w',
      errorMessage: 'x',
      retries: 0,
    });
    assert.equal(((await notLocked.json()) as { code: string }).code, 'jobs.not-active');
    const stored = await new TenantRepository<JobDocument>(
      container(cosmosContainers.jobs.name),
      'contoso',
    ).read(jobId);
    assert.equal(stored?.state, 'available');
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startLocalCloud, type LocalCloud } from '../../local/start-local-cloud.js';
import { repositoryRoot } from '../support/paths.js';
import { makeTempDir } from '../support/temp-dir.js';

describe('the messages, signals and incidents API on the local cloud (refusals; correlation: test/cases)', () => {
  const dataDir = makeTempDir('messages-api');
  let cloud: LocalCloud;

  before(async () => {
    cloud = await startLocalCloud({ appRoot: repositoryRoot, dataDir: dataDir.path, ports: 'free' });
  });
  after(async () => {
    await cloud?.stop();
    dataDir.remove();
  });

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

  it('refuses bad message and signal input with 400 and callers without the role with 403', async () => {
    const worker = await as('contoso', 'svc-worker');
    const bad = await worker.post('/api/messages', { name: '', timeToLiveSeconds: -1, variables: [] });
    assert.equal(bad.status, 400);
    const problem = (await bad.json()) as { code: string; errors: { field: string }[] };
    assert.equal(problem.code, 'http.validation-failed');
    assert.deepEqual(problem.errors.map((error) => error.field).sort(), [
      'name',
      'timeToLiveSeconds',
      'variables',
    ]);
    assert.equal((await worker.post('/api/signals', '{nope')).status, 400);
    const clerk = await as('contoso', 'walter');
    assert.equal((await clerk.post('/api/signals', { name: 'alarm' })).status, 403);
    assert.equal((await clerk.get('/api/incidents')).status, 403);
  });

  it('broadcasts a signal to every waiting case', async () => {
    const admin = await as('contoso', 'alice');
    const response = await admin.post('/api/signals', { name: 'nobody-waits' });
    assert.equal(response.status, 200);
    assert.deepEqual(((await response.json()) as { deliveredTo: string[] }).deliveredTo, []);
  });
});

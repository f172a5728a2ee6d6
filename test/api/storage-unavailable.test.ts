import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startLocalCloud, type LocalCloud } from '../../local/start-local-cloud.js';
import { createLocalCosmosClient } from '../../local/emulators/index.js';
import { cosmosContainers, cosmosDatabase, settings } from '../../shared/config/registry.js';
import { apiUser, type ApiUser } from '../support/caseflow-api.js';
import { repositoryRoot } from '../support/paths.js';
import { makeTempDir } from '../support/temp-dir.js';

describe('an API call while Cosmos DB is unreachable', () => {
  const dataDir = makeTempDir('storage-unavailable');
  let cloud: LocalCloud;
  let walter: ApiUser;

  before(async () => {
    // The app's Cosmos endpoint is a port nothing listens on; the emulator itself runs (to check it after).
    cloud = await startLocalCloud({
      appRoot: repositoryRoot,
      dataDir: dataDir.path,
      ports: 'free',
      settings: { [settings.cosmosEndpoint.name]: 'https://127.0.0.1:9/' },
    });
    walter = await apiUser(() => cloud.host.url, 'contoso', 'walter');
  });
  after(async () => {
    await cloud?.stop();
    dataDir.remove();
  });

  it('answers 503 storage.unavailable with Retry-After, not 500, and stores nothing', async () => {
    for (const response of [
      await walter.post('/api/cases', { processKey: 'papers', businessKey: 'b-1' }),
      await walter.send('GET', '/api/cases'),
    ]) {
      const text = await response.text();
      assert.equal(response.status, 503, text);
      assert.equal(response.headers.get('content-type'), 'application/problem+json');
      assert.equal(response.headers.get('retry-after'), '5');
      const problem = JSON.parse(text) as { code: string; retryAfterSeconds: number };
      assert.equal(problem.code, 'storage.unavailable');
      assert.equal(problem.retryAfterSeconds, 5);
      assert.doesNotMatch(text, /127\.0\.0\.1|ECONN/);
    }
    const cases = createLocalCosmosClient(cloud.emulators.cosmos)
      .database(cosmosDatabase.name)
      .container(cosmosContainers.cases.name);
    const { resources } = await cases.items.query('SELECT c.id FROM c').fetchAll();
    assert.deepEqual(resources, []);
  });
});

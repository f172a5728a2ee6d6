import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startFunctionsHost, type FunctionsHost } from '../../local/host/start-functions-host.js';
import '../../functions/index.js';
import { registeredRoutes } from '../../functions/http/api-route.js';
import { version } from '../../shared/version.js';
import { repositoryRoot } from '../support/paths.js';

describe('local Functions host running the real app (package.json main)', () => {
  let host: FunctionsHost;
  before(async () => {
    // Explicit settings: the test must not create local.settings.json in the checkout.
    host = await startFunctionsHost({ appRoot: repositoryRoot, port: 0, settings: {}, log: () => undefined });
  });
  after(() => host.stop());

  it('serves GET /api/health through the app entry module (unavailable: no dependency is configured)', async () => {
    const response = await fetch(`${host.url}/api/health`);
    assert.equal(response.status, 503);
    assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
    assert.deepEqual(await response.json(), { status: 'unavailable', version });
  });

  it('lists the registered HTTP functions with their methods and routes', () => {
    assert.ok(host.httpRoutes.includes('health: [GET] /api/health'));
    assert.deepEqual(
      [...host.httpRoutes].sort(),
      registeredRoutes.map((route) => `${route.name}: [${route.method}] /api/${route.route}`).sort(),
    );
  });

  it('answers at the root like the real host, when no function claims it', async () => {
    const response = await fetch(`${host.url}/`);
    assert.equal(response.status, 200);
    assert.match(await response.text(), /Functions 4\.0 app is up and running/);
  });

  it('answers 404 for a method the function does not accept, as the real host does', async () => {
    const response = await fetch(`${host.url}/api/health`, { method: 'POST' });
    assert.equal(response.status, 404);
  });
});

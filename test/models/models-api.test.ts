import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { blobContainers, cosmosContainers, cosmosDatabase } from '../../shared/config/registry.js';
import { createLocalCosmosClient } from '../../local/emulators/index.js';
import { startLocalCloud, type LocalCloud } from '../../local/start-local-cloud.js';
import { BlobServiceClient } from '@azure/storage-blob';
import '../../functions/index.js';
import { registeredRoutes } from '../../functions/http/api-route.js';
import { openApiDocument } from '../../shared/http/openapi.js';
import { executableProcess } from '../support/models.js';
import { repositoryRoot } from '../support/paths.js';
import { makeTempDir } from '../support/temp-dir.js';

/** A valid model whose process `key` has a task named `taskName` (different names = different graphs). */
function model(key: string, taskName = 'Review'): string {
  return executableProcess(
    `<bpmn:startEvent id="start" />
  <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="task" />
  <bpmn:task id="task" name="${taskName}" />
  <bpmn:sequenceFlow id="f2" sourceRef="task" targetRef="end" />
  <bpmn:endEvent id="end" />`,
    key,
  );
}

describe('the Models API on the local cloud', () => {
  const dataDir = makeTempDir('models-api');
  let cloud: LocalCloud;
  const tokens = new Map<string, string>();

  before(async () => {
    cloud = await startLocalCloud({ appRoot: repositoryRoot, dataDir: dataDir.path, ports: 'free' });
  });
  after(async () => {
    await cloud?.stop();
    dataDir.remove();
  });

  async function token(tenantId: string, userId: string): Promise<string> {
    const key = `${tenantId}/${userId}`;
    if (!tokens.has(key)) {
      const response = await post('/api/dev/token', JSON.stringify({ tenantId, userId }), {
        'content-type': 'application/json',
      });
      assert.equal(response.status, 200);
      tokens.set(key, ((await response.json()) as { accessToken: string }).accessToken);
    }
    return tokens.get(key)!;
  }

  function post(path: string, body: string | Uint8Array, headers: Record<string, string>): Promise<Response> {
    return fetch(`${cloud.host.url}${path}`, { method: 'POST', body, headers });
  }

  async function as(tenantId: string, userId: string) {
    const authorization = `Bearer ${await token(tenantId, userId)}`;
    return {
      get: (path: string) => fetch(`${cloud.host.url}${path}`, { headers: { authorization } }),
      post: (path: string, body = '', contentType = 'application/xml') =>
        post(path, body, { authorization, 'content-type': contentType }),
    };
  }

  async function storedCounts(): Promise<{ documents: number; blobs: number }> {
    const cosmos = createLocalCosmosClient(cloud.emulators.cosmos);
    try {
      const { resources } = await cosmos
        .database(cosmosDatabase.name)
        .container(cosmosContainers.definitions.name)
        .items.query('SELECT * FROM c')
        .fetchAll();
      const blobService = BlobServiceClient.fromConnectionString(
        cloud.emulators.settings.AzureWebJobsStorage ?? '',
      );
      let blobs = 0;
      for await (const blob of blobService
        .getContainerClient(blobContainers.modelSources.name)
        .listBlobsFlat()) {
        if (blob.name) blobs++;
      }
      return { documents: resources.length, blobs };
    } finally {
      cosmos.dispose();
    }
  }

  async function problemOf(
    response: Response,
  ): Promise<{ status: number; code: string; [key: string]: unknown }> {
    assert.match(response.headers.get('content-type') ?? '', /^application\/problem\+json/);
    return (await response.json()) as { status: number; code: string };
  }

  it('issues development tokens for demo users only', async () => {
    const ok = await post('/api/dev/token', JSON.stringify({ tenantId: 'contoso', userId: 'dave' }), {
      'content-type': 'application/json',
    });
    assert.equal(ok.status, 200);
    const issued = (await ok.json()) as { tokenType: string; principal: { roles: string[] } };
    assert.equal(issued.tokenType, 'Bearer');
    assert.deepEqual(issued.principal.roles, ['designer']);
    const unknown = await post('/api/dev/token', JSON.stringify({ tenantId: 'contoso', userId: 'mallory' }), {
      'content-type': 'application/json',
    });
    assert.equal((await problemOf(unknown)).code, 'http.not-found');
    const mistyped = await post('/api/dev/token', JSON.stringify({ tenantId: 1 }), {
      'content-type': 'application/json',
    });
    assert.equal(mistyped.status, 400);
    assert.equal((await problemOf(mistyped)).code, 'http.validation-failed');
    const malformed = await post('/api/dev/token', '{"tenantId":', { 'content-type': 'application/json' });
    assert.equal(malformed.status, 400);
    assert.equal((await problemOf(malformed)).code, 'http.invalid-json');
  });

  it('serves the OpenAPI document without a token', async () => {
    const response = await fetch(`${cloud.host.url}/api/openapi.json`);
    assert.equal(response.status, 200);
    assert.equal(((await response.json()) as { openapi: string }).openapi, '3.1.0');
  });

  it('answers 401 problem+json without a valid token', async () => {
    const missing = await fetch(`${cloud.host.url}/api/models`);
    assert.equal(missing.status, 401);
    assert.equal((await problemOf(missing)).code, 'auth.unauthenticated');
    assert.equal(missing.headers.get('www-authenticate'), 'Bearer');
    const forged = await fetch(`${cloud.host.url}/api/processes`, {
      headers: { authorization: `Bearer ${(await token('contoso', 'dave')).slice(0, -2)}xx` },
    });
    assert.equal(forged.status, 401);
  });

  it('stores a valid upload as a model and version 1, and the same upload again as the same version', async () => {
    const dave = await as('contoso', 'dave');
    const first = await dave.post('/api/models', model('claim'));
    assert.equal(first.status, 201);
    const created = (await first.json()) as {
      id: string;
      processes: { processKey: string; version: number }[];
    };
    assert.deepEqual(created.processes, [{ processKey: 'claim', version: 1 }]);
    assert.ok(Array.isArray((created as unknown as { diagnostics: unknown }).diagnostics));
    const again = await dave.post('/api/models', model('claim'), 'text/xml; charset=utf-8');
    assert.equal(again.status, 200);
    assert.deepEqual(((await again.json()) as { id: string }).id, created.id);
    const changed = await dave.post('/api/models', model('claim', 'Check'));
    assert.equal(changed.status, 201);
    assert.deepEqual(((await changed.json()) as typeof created).processes, [
      { processKey: 'claim', version: 2 },
    ]);

    const versions = await dave.get('/api/processes/claim/versions');
    assert.equal(versions.status, 200);
    const items = ((await versions.json()) as { items: { version: number; active: boolean }[] }).items;
    assert.deepEqual(
      items.map((item) => [item.version, item.active]),
      [
        [1, true],
        [2, true],
      ],
    );
    const source = await dave.get(`/api/models/${created.id}/source`);
    assert.equal(source.status, 200);
    assert.equal(await source.text(), model('claim'));
    const list = await dave.get('/api/models?limit=1');
    const page = (await list.json()) as { items: unknown[]; continuationToken?: string };
    assert.equal(page.items.length, 1);
    assert.ok(page.continuationToken);
    const next = await dave.get(
      `/api/models?limit=1&continuationToken=${encodeURIComponent(page.continuationToken)}`,
    );
    assert.equal(((await next.json()) as { items: unknown[] }).items.length, 1);
    const badToken = await dave.get('/api/models?continuationToken=%7B%22x%22%3A1%7D');
    assert.equal(badToken.status, 400);
    assert.equal((await problemOf(badToken)).code, 'storage.invalid-continuation');
    assert.equal((await dave.get('/api/models?limit=0')).status, 400);
  });

  it('lists the latest active version as startable, following activate and deactivate', async () => {
    const dave = await as('contoso', 'dave');
    await dave.post('/api/models', model('leave'));
    await dave.post('/api/models', model('leave', 'Approve'));
    const startable = async () =>
      (
        (await (await dave.get('/api/processes')).json()) as {
          items: { processKey: string; version: number }[];
        }
      ).items
        .filter((item) => item.processKey === 'leave')
        .map((item) => item.version);
    assert.deepEqual(await startable(), [2]);
    const deactivated = await dave.post('/api/processes/leave/versions/2/deactivate');
    assert.equal(deactivated.status, 200);
    assert.equal(((await deactivated.json()) as { active: boolean }).active, false);
    assert.deepEqual(await startable(), [1]);
    const activated = await dave.post('/api/processes/leave/versions/2/activate');
    assert.equal(activated.status, 200);
    const { etag } = (await activated.json()) as { etag: string };
    const authorization = `Bearer ${await token('contoso', 'dave')}`;
    const conditional = (ifMatch: string) =>
      fetch(`${cloud.host.url}/api/processes/leave/versions/2/deactivate`, {
        method: 'POST',
        headers: { authorization, 'if-match': ifMatch },
      });
    const stale = await conditional('"not-the-etag"');
    assert.equal(stale.status, 412);
    assert.equal((await problemOf(stale)).code, 'http.precondition-failed');
    assert.deepEqual(await startable(), [2]);
    assert.equal((await conditional(`"${etag}"`)).status, 200);
    assert.deepEqual(await startable(), [1]);
    assert.equal((await dave.post('/api/processes/leave/versions/2/activate')).status, 200);
    assert.deepEqual(await startable(), [2]);
    assert.equal((await dave.post('/api/processes/leave/versions/9/activate')).status, 404);
    assert.equal((await dave.post('/api/processes/leave/versions/x/activate')).status, 400);
    const walter = await as('contoso', 'walter');
    assert.equal((await walter.post('/api/processes/leave/versions/2/deactivate')).status, 403);
  });

  it('gives concurrent uploads of one process key distinct versions, and identical ones the same', async () => {
    const dave = await as('contoso', 'dave');
    const uploads = await Promise.all(
      ['A', 'B', 'C', 'C'].map(async (name) => {
        const response = await dave.post('/api/models', model('race', name));
        return ((await response.json()) as { processes: { version: number }[] }).processes[0]!.version;
      }),
    );
    assert.deepEqual([...new Set(uploads)].sort(), [1, 2, 3]);
    assert.equal(uploads[2], uploads[3]);
  });

  it('accepts the model as the `file` part of a multipart/form-data upload', async () => {
    const form = new FormData();
    form.set('file', new Blob([model('form')], { type: 'application/xml' }), 'form.bpmn');
    const authorization = `Bearer ${await token('contoso', 'dave')}`;
    const response = await fetch(`${cloud.host.url}/api/models`, {
      method: 'POST',
      body: form,
      headers: { authorization },
    });
    assert.equal(response.status, 201);
    const uploaded = (await response.json()) as { id: string; processes: { processKey: string }[] };
    assert.deepEqual(
      uploaded.processes.map((process) => process.processKey),
      ['form'],
    );
    const source = await fetch(`${cloud.host.url}/api/models/${uploaded.id}/source`, {
      headers: { authorization },
    });
    assert.equal(await source.text(), model('form'));
    const withoutFile = new FormData();
    withoutFile.set('note', 'no file');
    const missing = await fetch(`${cloud.host.url}/api/models`, {
      method: 'POST',
      body: withoutFile,
      headers: { authorization },
    });
    assert.equal(missing.status, 400);
    assert.equal((await problemOf(missing)).code, 'http.validation-failed');
  });

  it('answers 403 on every role-restricted route to a caller without the role, changing nothing', async () => {
    const walter = await as('contoso', 'walter');
    const before = await storedCounts();
    const restricted = registeredRoutes.filter((route) => route.roles && !route.roles.includes('worker'));
    assert.ok(restricted.length >= 6);
    for (const route of restricted) {
      const path = `/api/${route.route.replace(/\{[^}]+\}/g, '1')}`;
      const response =
        route.method === 'GET'
          ? await walter.get(path)
          : await fetch(`${cloud.host.url}${path}`, {
              method: route.method,
              headers: {
                authorization: `Bearer ${await token('contoso', 'walter')}`,
                'content-type': 'application/xml',
              },
              body: model('denied'),
            });
      assert.equal(response.status, 403, `${route.method} ${path}`);
      assert.equal((await problemOf(response)).code, 'auth.forbidden');
    }
    assert.deepEqual(await storedCounts(), before);
  });

  it('answers 401 on every documented operation that needs a token', async () => {
    for (const [path, operations] of Object.entries(openApiDocument.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        if ('security' in operation) continue;
        const response = await fetch(`${cloud.host.url}/api${path.replace(/\{[^}]+\}/g, '1')}`, {
          method: method.toUpperCase(),
        });
        assert.equal(response.status, 401, `${method} ${path}`);
        await response.body?.cancel();
      }
    }
  });

  it("hides one tenant's models and processes from another", async () => {
    const dave = await as('contoso', 'dave');
    const uploaded = (await (await dave.post('/api/models', model('secret'))).json()) as { id: string };
    const fiona = await as('fabrikam', 'fiona');
    assert.equal((await fiona.get(`/api/models/${uploaded.id}`)).status, 404);
    assert.equal((await fiona.get(`/api/models/${uploaded.id}/source`)).status, 404);
    assert.equal((await fiona.get('/api/processes/secret/versions')).status, 404);
    assert.equal((await fiona.get('/api/models/a%23b%3Fc')).status, 404);
    assert.equal((await fiona.post('/api/processes/a%23b/versions/1/activate')).status, 404);
    assert.equal((await fiona.post('/api/processes/secret/versions/1/deactivate')).status, 404);
    const processes = (await (await fiona.get('/api/processes')).json()) as { items: unknown[] };
    assert.deepEqual(processes.items, []);
    const models = (await (await fiona.get('/api/models')).json()) as { items: unknown[] };
    assert.deepEqual(models.items, []);
  });

  it('rejects invalid and bad uploads with a clear 4xx and stores nothing', async () => {
    const dave = await as('contoso', 'dave');
    const before = await storedCounts();
    const invalid = await dave.post(
      '/api/models',
      executableProcess('<bpmn:sequenceFlow id="f1" sourceRef="nowhere" targetRef="missing" />', 'broken'),
    );
    assert.equal(invalid.status, 422);
    const problem = await problemOf(invalid);
    assert.equal(problem.code, 'models.invalid-model');
    assert.ok(Array.isArray(problem.diagnostics) && problem.diagnostics.length > 0);
    const malformed = await dave.post('/api/models', '<bpmn:definitions');
    assert.equal(malformed.status, 422);
    const wrongType = await dave.post('/api/models', model('typed'), 'application/json');
    assert.equal(wrongType.status, 415);
    assert.equal((await problemOf(wrongType)).code, 'http.unsupported-media-type');
    const huge = await dave.post('/api/models', 'x'.repeat(10 * 1024 * 1024 + 1));
    assert.equal(huge.status, 413);
    assert.equal((await problemOf(huge)).code, 'http.body-too-large');
    const worker = await as('contoso', 'walter');
    assert.equal((await worker.post('/api/models', model('forbidden'))).status, 403);
    assert.deepEqual(await storedCounts(), before);
  });
});

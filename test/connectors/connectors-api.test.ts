import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createLocalSecretClient } from '../../local/emulators/index.js';
import { startLocalCloud, type LocalCloud } from '../../local/start-local-cloud.js';
import { repositoryRoot } from '../support/paths.js';
import { makeTempDir } from '../support/temp-dir.js';

const apiKey = 'k3y-SECRET-value';

/** The fields these tests read from the API's answers. */
interface Answer {
  readonly code?: string;
  readonly errors?: { field: string }[];
  readonly etag?: string;
  readonly description?: string;
  readonly environments?: unknown;
  readonly items?: { id: string }[];
  readonly request?: unknown;
  readonly response?: { status: number; bodyTruncated?: boolean };
  readonly result?: unknown;
}

describe('the Connectors API on the local cloud', () => {
  const dataDir = makeTempDir('connectors-api');
  let cloud: LocalCloud;
  let target: Server;
  let targetUrl: string;
  /** Every answer the API gave, to check that no secret is in any of them. */
  const answers: string[] = [];

  before(async () => {
    target = createServer((request, response) => {
      const url = new URL(request.url ?? '/', 'http://target');
      response.writeHead(url.searchParams.get('apiKey') === apiKey ? 200 : 401, {
        'content-type': 'application/json',
      });
      response.end(JSON.stringify({ path: url.pathname, echo: request.url, filler: 'x'.repeat(20_000) }));
    });
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
    targetUrl = `http://127.0.0.1:${(target.address() as AddressInfo).port}`;
    cloud = await startLocalCloud({ appRoot: repositoryRoot, dataDir: dataDir.path, ports: 'free' });
  });
  after(async () => {
    await cloud?.stop();
    target?.close();
    dataDir.remove();
  });

  async function as(tenantId: string, userId: string) {
    const issued = await fetch(`${cloud.host.url}/api/dev/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tenantId, userId }),
    });
    const { accessToken } = (await issued.json()) as { accessToken: string };
    const send = async (method: string, path: string, body?: unknown, extra: Record<string, string> = {}) => {
      const response = await fetch(`${cloud.host.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json', ...extra },
        ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
      });
      const text = await response.text();
      answers.push(text);
      return {
        status: response.status,
        body: text === '' ? undefined : (JSON.parse(text) as Answer),
      };
    };
    return send;
  }

  const definition = () => ({
    description: 'Customer records',
    headers: { accept: 'application/json' },
    environments: {
      development: {
        baseUrl: targetUrl,
        authentication: { kind: 'apiKey', in: 'query', name: 'apiKey', key: apiKey },
      },
    },
    operations: { getCustomer: { method: 'GET', path: '/customers/{id}' } },
  });

  it('creates, reads, lists, tests and deletes a connector, keeping the secret in Key Vault only', async () => {
    const alice = await as('contoso', 'alice');
    const created = await alice('PUT', '/api/connectors/crm', definition());
    assert.equal(created.status, 201);
    assert.deepEqual(created.body!.environments, {
      development: {
        baseUrl: targetUrl,
        authentication: { kind: 'apiKey', in: 'query', name: 'apiKey', keySet: true },
      },
    });
    const read = await alice('GET', '/api/connectors/crm');
    assert.equal(read.status, 200);
    assert.equal(read.body!.etag, created.body!.etag);
    const listed = await alice('GET', '/api/connectors');
    assert.deepEqual(
      listed.body!.items!.map((item) => item.id),
      ['crm'],
    );

    const vault = createLocalSecretClient(cloud.emulators.urls.keyVault, cloud.emulators.caPem);
    const names: string[] = [];
    for await (const secret of vault.listPropertiesOfSecrets()) names.push(secret.name);
    assert.equal(names.length, 1);
    assert.equal((await vault.getSecret(names[0]!)).value, apiKey);

    const tested = await alice('POST', '/api/connectors/crm/operations/getCustomer/test', {
      variables: { id: 'c 7' },
      headers: { 'caseflow.resultExpression': '={customerPath: response.body.path}' },
    });
    assert.equal(tested.status, 200);
    assert.deepEqual(tested.body!.request, {
      method: 'GET',
      url: `${targetUrl}/customers/c%207?apiKey=***`,
    });
    assert.equal(tested.body!.response!.status, 200);
    assert.equal(tested.body!.response!.bodyTruncated, true);
    assert.deepEqual(tested.body!.result, {
      kind: 'complete',
      variables: { customerPath: '/customers/c%207' },
    });

    const stale = await alice('PUT', '/api/connectors/crm', definition(), { 'if-match': '"stale"' });
    assert.equal(stale.status, 412);
    const replaced = await alice(
      'PUT',
      '/api/connectors/crm',
      { ...definition(), description: 'CRM' },
      { 'if-match': read.body!.etag! },
    );
    assert.equal(replaced.status, 200);
    assert.equal(replaced.body!.description, 'CRM');

    assert.equal((await alice('DELETE', '/api/connectors/crm')).status, 204);
    assert.equal((await alice('GET', '/api/connectors/crm')).status, 404);
    const live: string[] = [];
    for await (const secret of vault.listPropertiesOfSecrets()) live.push(secret.name);
    assert.deepEqual(live, [], 'the secret is deleted with its connector');
  });

  it('answers bad definitions with one 400 naming every field, and stores nothing', async () => {
    const alice = await as('contoso', 'alice');
    const invalid = await alice('PUT', '/api/connectors/bad.name', {
      headers: { Authorization: 'Basic abc' },
      timeoutMs: 5,
      environments: { staging: {}, production: { baseUrl: 'ftp://x', authentication: { kind: 'basic' } } },
      operations: { get: { method: 'FETCH', path: 'customers/{id', body: '=1 +' } },
    });
    assert.equal(invalid.status, 400);
    assert.equal(invalid.body!.code, 'http.validation-failed');
    assert.deepEqual(
      invalid.body!.errors!.map((error) => error.field).sort(),
      [
        'environments.production.authentication.username',
        'environments.production.baseUrl',
        'environments.staging',
        'headers.Authorization',
        'operations.get.method',
        'operations.get.path',
        'operations.get.path',
        'operations.get.body',
        'timeoutMs',
      ].sort(),
    );
    const badName = await alice('PUT', '/api/connectors/bad.name', definition());
    assert.equal(badName.status, 400);
    const noSecret = await alice('PUT', '/api/connectors/nosecret', {
      ...definition(),
      environments: {
        test: { baseUrl: targetUrl, authentication: { kind: 'bearer' } },
      },
    });
    assert.equal(noSecret.status, 400);
    assert.equal(noSecret.body!.errors![0]!.field, 'environments.test.authentication.token');
    assert.deepEqual((await alice('GET', '/api/connectors')).body!.items, []);
  });

  it('refuses callers without the admin role, and hides connectors from other tenants', async () => {
    const alice = await as('contoso', 'alice');
    assert.equal((await alice('PUT', '/api/connectors/erp', definition())).status, 201);
    for (const user of ['walter', 'dave', 'svc-worker']) {
      const caller = await as('contoso', user);
      assert.equal((await caller('GET', '/api/connectors/erp')).status, 403);
      assert.equal((await caller('PUT', '/api/connectors/erp', definition())).status, 403);
      assert.equal((await caller('POST', '/api/connectors/erp/operations/getCustomer/test', {})).status, 403);
    }
    const frank = await as('fabrikam', 'frank');
    assert.equal((await frank('GET', '/api/connectors/erp')).status, 404);
    assert.equal((await frank('POST', '/api/connectors/erp/operations/getCustomer/test', {})).status, 404);
    assert.equal((await frank('DELETE', '/api/connectors/erp')).status, 404);
    assert.deepEqual((await frank('GET', '/api/connectors')).body!.items, []);
    assert.equal((await alice('GET', '/api/connectors/erp')).status, 200);
  });

  it('never shows a secret in any answer', () => {
    assert.ok(answers.length > 10);
    for (const answer of answers) assert.ok(!answer.includes(apiKey), answer.slice(0, 200));
  });
});

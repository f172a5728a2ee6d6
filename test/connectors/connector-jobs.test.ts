import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { SecretClient } from '@azure/keyvault-secrets';
import { createLocalSecretClient } from '../../local/emulators/key-vault-client.js';
import { startKeyVault, type RunningKeyVault } from '../../local/emulators/key-vault.js';
import { ensureLocalCertificate } from '../../local/emulators/local-certificate.js';
import { ConnectorClient } from '../../shared/connectors/connector-client.js';
import type { ConnectorDocument } from '../../shared/connectors/connector-document.js';
import { readConnectorInput } from '../../shared/connectors/connector-input.js';
import { ConnectorsService } from '../../shared/connectors/connectors-service.js';
import { OAuthTokenCache } from '../../shared/connectors/oauth-token-cache.js';
import type { Variables } from '../../shared/engine/index.js';
import { builtInJobHandlers } from '../../shared/jobs/built-in-job-handlers.js';
import { runBuiltInJob } from '../../shared/jobs/built-in-job-runner.js';
import { JobArrivals } from '../../shared/jobs/job-arrivals.js';
import type { JobDocument } from '../../shared/jobs/job-document.js';
import type { JobDispatchMessage } from '../../shared/jobs/job-dispatch-queue.js';
import { JobHandlerRegistry } from '../../shared/jobs/job-handler.js';
import { jobPerformer } from '../../shared/jobs/job-performer.js';
import { JobService } from '../../shared/jobs/job-service.js';
import { KeyVaultSecretStore } from '../../shared/storage/key-vault-secret-store.js';
import { TenantRepository } from '../../shared/storage/tenant-repository.js';
import { startLocalCosmos, type LocalCosmos } from '../support/local-cosmos.js';
import { RecordingInbox } from '../support/recording-inbox.js';
import { makeTempDir } from '../support/temp-dir.js';

const password = 'pa55-w0rd-SECRET';
const clientSecret = 'client-SECRET-42';

interface Seen {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

/** The system a connector talks to: customers (basic auth), orders (down), an OAuth server and a secured API. */
function startTarget(): Promise<{ server: Server; url: string; seen: Seen[]; tokensIssued: () => number }> {
  const seen: Seen[] = [];
  let tokens = 0;
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      seen.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body });
      const reply = (status: number, payload: unknown) => {
        response.writeHead(status, { 'content-type': 'application/json', 'x-request-id': 'r-1' });
        response.end(JSON.stringify(payload));
      };
      const url = new URL(request.url ?? '/', 'http://target');
      if (url.pathname === '/oauth/token') {
        const form = new URLSearchParams(body);
        if (form.get('client_secret') !== clientSecret) return reply(401, { error: 'invalid_client' });
        tokens += 1;
        return reply(200, { access_token: `token-${tokens}`, token_type: 'Bearer', expires_in: 120 });
      }
      if (url.pathname === '/secure/ping') return reply(200, { auth: request.headers.authorization });
      if (url.pathname.startsWith('/customers/')) {
        const id = decodeURIComponent(url.pathname.slice('/customers/'.length));
        if (id === 'missing') return reply(404, { message: 'no such customer' });
        if (id === 'bad') return reply(400, { message: 'bad id' });
        // Echoes the credential back, as careless servers do: it must not reach the case.
        return reply(200, { id, name: 'Ada', seenAuthorization: request.headers.authorization });
      }
      if (url.pathname === '/orders') return reply(503, { message: 'maintenance' });
      reply(500, {});
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        server,
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        seen,
        tokensIssued: () => tokens,
      }),
    ),
  );
}

describe('connector jobs (local HTTP server, Key Vault and Cosmos DB)', () => {
  let cosmos: LocalCosmos;
  let vault: RunningKeyVault;
  let secretClient: SecretClient;
  let target: Awaited<ReturnType<typeof startTarget>>;
  const vaultDir = makeTempDir('connector-vault');
  let clock = Date.parse('2030-01-01T00:00:00Z');
  const sent: { message: JobDispatchMessage; delaySeconds: number | undefined }[] = [];
  const queue = {
    send: async (message: JobDispatchMessage, delaySeconds?: number) =>
      void sent.push({ message, delaySeconds }),
  };
  const inbox = new RecordingInbox();
  let handlers: JobHandlerRegistry;
  let connectors: ConnectorsService;
  const jobs = (tenantId: string) => new TenantRepository<JobDocument>(cosmos.container('jobs'), tenantId);
  const connectorDocuments = (tenantId: string) =>
    new TenantRepository<ConnectorDocument>(cosmos.container('connectors'), tenantId);
  const service = (tenantId: string) => new JobService(jobs(tenantId), inbox, () => new Date(clock));

  before(async () => {
    cosmos = await startLocalCosmos('connector-jobs', ['jobs', 'connectors']);
    const certificate = await ensureLocalCertificate(vaultDir.path);
    vault = await startKeyVault({ dataDir: vaultDir.path, certificate });
    secretClient = createLocalSecretClient(vault.vaultUrl, certificate.certPem);
    target = await startTarget();
    const secrets = new KeyVaultSecretStore(secretClient);
    const client = new ConnectorClient({
      connectors: connectorDocuments,
      secrets,
      tokens: new OAuthTokenCache(() => clock),
      environment: 'test',
      clock: () => new Date(clock),
    });
    handlers = new JobHandlerRegistry(
      builtInJobHandlers({ connectors: client, clock: () => new Date(clock) }),
    );
    connectors = new ConnectorsService(connectorDocuments('contoso'), secrets, client, () => new Date(clock));
    await connectors.put(
      'crm',
      readConnectorInput({
        headers: { 'x-client': 'caseflow' },
        timeoutMs: 5000,
        environments: {
          // Development points nowhere: the deployment under test uses the test values.
          development: { baseUrl: 'http://127.0.0.1:9/', authentication: { kind: 'none' } },
          test: {
            baseUrl: target.url,
            authentication: { kind: 'basic', username: 'caseflow', password },
          },
        },
        operations: {
          getCustomer: { method: 'GET', path: '/customers/{customerId}', query: { expand: '=expand' } },
          createOrder: { method: 'POST', path: '/orders', body: { customer: '=customerId', lines: [] } },
        },
      }),
      'alice',
    );
    await connectors.put(
      'secured',
      readConnectorInput({
        environments: {
          test: {
            baseUrl: `${target.url}/secure`,
            authentication: {
              kind: 'oauth2ClientCredentials',
              tokenUrl: `${target.url}/oauth/token`,
              clientId: 'caseflow',
              clientSecret,
              scope: 'api',
            },
          },
        },
        operations: { ping: { method: 'GET', path: '/ping' } },
      }),
      'alice',
    );
  });
  after(async () => {
    target?.server.close();
    await vault?.stop();
    await cosmos?.stop();
    vaultDir.remove();
  });

  let commands = 0;
  async function createJob(
    jobType: string,
    variables: Variables,
    headers: Record<string, string> = {},
    retries?: number,
  ): Promise<string> {
    const caseId = `case-${++commands}`;
    await jobPerformer({ jobs, queue, handlers, arrivals: new JobArrivals() }).perform(
      {
        kind: 'runJob',
        elementInstance: `e${commands}`,
        element: 'call',
        jobType,
        headers,
        variables,
        ...(retries !== undefined ? { retries } : {}),
      },
      {
        tenantId: 'contoso',
        caseId,
        processKey: 'claim',
        definitionId: 'claim:1',
        commandId: `c${commands}`,
        now: new Date(clock).toISOString(),
      },
    );
    const [job] = await jobs('contoso').queryAll({ where: `c.caseId = '${caseId}'` });
    return job!.id;
  }
  const run = (jobId: string) =>
    runBuiltInJob({ tenantId: 'contoso', jobId }, { jobs: service, handlers, queue });
  const deliveriesOf = async (jobId: string) => {
    const job = await jobs('contoso').read(jobId);
    return inbox.deliveries.filter((delivery) => delivery.ref.caseId === job!.caseId);
  };

  it('stores only secret names in Cosmos DB and the values in Key Vault', async () => {
    const stored = await connectorDocuments('contoso').read('crm');
    const auth = stored!.environments.test!.authentication;
    assert.equal(auth.kind, 'basic');
    assert.ok(!JSON.stringify(stored).includes(password));
    const secretName = auth.kind === 'basic' ? auth.password.secretName : '';
    assert.equal((await secretClient.getSecret(secretName)).value, password);
  });

  it('queues connector jobs, calls the operation with an idempotency key and maps the response', async () => {
    sent.length = 0;
    const jobId = await createJob(
      'connector:crm.getCustomer',
      { customerId: 'c 1/2', expand: 'orders' },
      {
        'caseflow.resultVariable': 'customer',
        'caseflow.resultExpression': '={customerName: response.body.name, found: response.status = 200}',
      },
    );
    assert.deepEqual(
      sent.map((entry) => entry.message.jobId),
      [jobId],
    );
    await run(jobId);
    await run(jobId);
    const calls = target.seen.filter((call) => call.url.startsWith('/customers/'));
    assert.equal(calls.length, 1, 'a duplicate message finds the job completed');
    assert.equal(calls[0]!.url, '/customers/c%201%2F2?expand=orders');
    assert.equal(calls[0]!.headers['idempotency-key'], `caseflow-job-${jobId}`);
    assert.equal(calls[0]!.headers['x-client'], 'caseflow');
    assert.equal(
      calls[0]!.headers.authorization,
      `Basic ${Buffer.from(`caseflow:${password}`).toString('base64')}`,
    );
    const [delivery] = await deliveriesOf(jobId);
    assert.equal(delivery!.event.type, 'jobCompleted');
    const variables = (delivery!.event as { variables: Record<string, unknown> }).variables;
    assert.equal(variables.customerName, 'Ada');
    assert.equal(variables.found, true);
    const customer = variables.customer as { status: number; body: Record<string, unknown>; headers: object };
    assert.equal(customer.status, 200);
    assert.equal(customer.body.seenAuthorization, 'Basic ***', 'the echoed credential is redacted');
    assert.equal((await jobs('contoso').read(jobId))!.state, 'completed');
  });

  it('throws the BPMN error the model maps a 4xx to', async () => {
    const jobId = await createJob(
      'connector:crm.getCustomer',
      { customerId: 'missing', expand: null },
      { 'caseflow.errorMapping': '404:NOT_FOUND, 409:CONFLICT' },
    );
    await run(jobId);
    const [delivery] = await deliveriesOf(jobId);
    assert.deepEqual(delivery!.event, {
      type: 'jobError',
      elementInstance: delivery!.event.type === 'jobError' ? delivery!.event.elementInstance : '',
      code: 'NOT_FOUND',
      message: 'crm.getCustomer answered HTTP 404',
    });
    assert.equal((await jobs('contoso').read(jobId))!.state, 'failed');
    assert.ok(target.seen.at(-1)!.url.endsWith('/customers/missing'), 'a null query value is left out');
  });

  it('retries a 5xx with exponential back-off, then raises an incident', async () => {
    sent.length = 0;
    const jobId = await createJob('connector:crm.createOrder', { customerId: 'c1' }, {}, 3);
    await run(jobId);
    let job = await jobs('contoso').read(jobId);
    assert.equal(job!.state, 'available');
    assert.equal(job!.lastError, 'crm.createOrder answered HTTP 503');
    clock += 30_000;
    await run(jobId);
    clock += 60_000;
    await run(jobId);
    assert.deepEqual(
      sent.slice(1).map((entry) => entry.delaySeconds),
      [30, 60],
    );
    job = await jobs('contoso').read(jobId);
    assert.equal(job!.state, 'incident');
    const orders = target.seen.filter((call) => call.url === '/orders');
    assert.equal(orders.length, 3);
    assert.ok(orders.every((call) => call.headers['idempotency-key'] === `caseflow-job-${jobId}`));
    assert.deepEqual(JSON.parse(orders[0]!.body), { customer: 'c1', lines: [] });
    const deliveries = await deliveriesOf(jobId);
    assert.deepEqual(
      deliveries.map((delivery) => delivery.event.type),
      ['jobFailed'],
    );
  });

  it('raises an incident at once for an unmapped 4xx, which retrying cannot change', async () => {
    sent.length = 0;
    const jobId = await createJob('connector:crm.getCustomer', { customerId: 'bad', expand: 'x' }, {}, 3);
    await run(jobId);
    assert.equal((await jobs('contoso').read(jobId))!.state, 'incident');
    assert.equal(sent.length, 1, 'only the first dispatch: nothing is retried');
  });

  it('fetches an OAuth token once, reuses it across calls and fetches a new one after it expires', async () => {
    const before = target.tokensIssued();
    const first = await createJob('connector:secured.ping', {}, { 'caseflow.resultVariable': 'ping' });
    const second = await createJob('connector:secured.ping', {}, { 'caseflow.resultVariable': 'ping' });
    await run(first);
    await run(second);
    assert.equal(target.tokensIssued() - before, 1);
    clock += 120_000;
    const third = await createJob('connector:secured.ping', {}, { 'caseflow.resultVariable': 'ping' });
    await run(third);
    assert.equal(target.tokensIssued() - before, 2);
    const pings = target.seen.filter((call) => call.url === '/secure/ping');
    assert.deepEqual(
      pings.map((call) => call.headers.authorization),
      ['Bearer token-1', 'Bearer token-1', 'Bearer token-2'],
    );
    const [delivery] = await deliveriesOf(first);
    const ping = (delivery!.event as unknown as { variables: { ping: { body: { auth: string } } } }).variables
      .ping;
    assert.equal(ping.body.auth, 'Bearer ***', 'the access token is a secret too');
  });

  it('lets an admin fix a connector, after which a new job for the element succeeds', async () => {
    await connectors.put(
      'crm',
      readConnectorInput({
        environments: {
          test: { baseUrl: `${target.url}/`, authentication: { kind: 'basic', username: 'caseflow' } },
        },
        operations: { createOrder: { method: 'POST', path: '/customers/{customerId}', body: {} } },
      }),
      'alice',
    );
    const jobId = await createJob('connector:crm.createOrder', { customerId: 'c9' });
    await run(jobId);
    assert.equal((await jobs('contoso').read(jobId))!.state, 'completed');
    assert.equal(
      target.seen.at(-1)!.headers.authorization,
      `Basic ${Buffer.from(`caseflow:${password}`).toString('base64')}`,
      'a secret left out of a replacement keeps its value',
    );
  });

  it('never writes a secret into job documents, deliveries or connector documents', async () => {
    const everything = JSON.stringify([
      await jobs('contoso').queryAll(),
      inbox.deliveries,
      await connectorDocuments('contoso').queryAll(),
    ]);
    for (const secret of [password, clientSecret, 'token-1', 'token-2']) {
      assert.ok(!everything.includes(secret), `${secret} leaked`);
    }
    assert.ok(!everything.includes(Buffer.from(`caseflow:${password}`).toString('base64')));
  });
});

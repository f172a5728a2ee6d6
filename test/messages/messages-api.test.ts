import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CosmosClient } from '@azure/cosmos';
import { createLocalCosmosClient } from '../../local/emulators/index.js';
import { startLocalCloud, type LocalCloud } from '../../local/start-local-cloud.js';
import type { DeliveryDocument } from '../../shared/cases/delivery-record-inbox.js';
import { cosmosContainers, cosmosDatabase } from '../../shared/config/registry.js';
import type { IncidentDocument } from '../../shared/incidents/incident-document.js';
import { incidentPerformer } from '../../shared/incidents/incident-performer.js';
import type { SubscriptionDocument } from '../../shared/messages/message-documents.js';
import { TenantRepository } from '../../shared/storage/tenant-repository.js';
import { repositoryRoot } from '../support/paths.js';
import { makeTempDir } from '../support/temp-dir.js';

describe('the messages, signals and incidents API on the local cloud', () => {
  const dataDir = makeTempDir('messages-api');
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
  const deliveries = (tenantId: string) =>
    new TenantRepository<DeliveryDocument>(container(cosmosContainers.cases.name), tenantId).queryAll({
      where: "c.type = 'delivery'",
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

  it('correlates a published message to a waiting case of the tenant, once per message id', async () => {
    await new TenantRepository<SubscriptionDocument>(container('messages'), 'contoso').create({
      id: 'sub-api-1',
      type: 'subscription',
      kind: 'message',
      name: 'paid',
      correlationKey: 'order-9',
      caseId: 'case-9',
      processKey: 'order',
      elementInstance: 'e1',
      state: 'open',
      createdAt: new Date().toISOString(),
    });
    const other = await as('fabrikam', 'svc-worker');
    const foreign = await other.post('/api/messages', { name: 'paid', correlationKey: 'order-9' });
    assert.equal(((await foreign.json()) as { state: string }).state, 'buffered');
    const worker = await as('contoso', 'svc-worker');
    const body = { name: 'paid', correlationKey: 'order-9', variables: { amount: 3 }, messageId: 'pay-9' };
    const first = await worker.post('/api/messages', body);
    assert.equal(first.status, 200);
    const outcome = (await first.json()) as { state: string; caseId: string };
    assert.deepEqual([outcome.state, outcome.caseId], ['correlated', 'case-9']);
    assert.equal((await worker.post('/api/messages', body)).status, 200);
    const delivered = await deliveries('contoso');
    assert.deepEqual(
      delivered.map((delivery) => [delivery.caseId, delivery.event.type, delivery.idempotencyKey]),
      [['case-9', 'messageReceived', 'message:pay-9']],
    );
  });

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

  it('lists incidents of the tenant and retries one with variables, once', async () => {
    const incidents = (tenantId: string) =>
      new TenantRepository<IncidentDocument>(container(cosmosContainers.incidents.name), tenantId);
    await incidentPerformer(incidents).perform(
      { kind: 'raiseIncident', incident: 'i1', element: 'charge', code: 'job-failed', message: 'declined' },
      {
        tenantId: 'contoso',
        caseId: 'case-i',
        processKey: 'claim',
        definitionId: 'claim:1',
        commandId: 'c1',
        now: new Date().toISOString(),
      },
    );
    const admin = await as('contoso', 'alice');
    const list = await admin.get('/api/incidents?state=open&caseId=case-i');
    assert.equal(list.status, 200);
    const { items } = (await list.json()) as { items: { id: string; code: string }[] };
    assert.deepEqual(
      items.map((item) => item.code),
      ['job-failed'],
    );
    const id = items[0]!.id;
    assert.equal((await (await as('fabrikam', 'frank')).post(`/api/incidents/${id}/retry`, {})).status, 404);
    assert.equal((await admin.get('/api/incidents?state=closed')).status, 400);
    const resolved = await admin.post(`/api/incidents/${id}/resolve`, { variables: { limit: 9 } });
    assert.equal(resolved.status, 200);
    assert.equal((await admin.post(`/api/incidents/${id}/retry`, {})).status, 200);
    const delivered = (await deliveries('contoso')).filter((delivery) => delivery.caseId === 'case-i');
    assert.deepEqual(
      delivered.map((delivery) => delivery.event),
      [{ type: 'incidentResolved', incident: 'i1', variables: { limit: 9 } }],
    );
  });
});

import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { startLocalCloud, type LocalCloud } from '../../local/start-local-cloud.js';
import { settings } from '../../shared/config/registry.js';
import { apiUser, eventually, type ApiUser } from '../support/caseflow-api.js';
import { flow } from '../support/flow-xml.js';
import { definitions } from '../support/models.js';
import { repositoryRoot } from '../support/paths.js';
import { makeTempDir } from '../support/temp-dir.js';
import { quickCaseSettings } from '../support/quick-case-settings.js';

/** A service task calling `connector:<connector>.getCustomer`, 404 caught as NOT_FOUND by a boundary event. */
function lookupProcess(id: string, connector: string): string {
  return `<bpmn:process id="${id}" isExecutable="true">
  <bpmn:startEvent id="${id}Start" />${flow(`${id}F0`, `${id}Start`, `${id}Lookup`)}
  <bpmn:serviceTask id="${id}Lookup"><bpmn:extensionElements>
    <caseflow:taskDefinition type="connector:${connector}.getCustomer" retries="2" />
    <caseflow:ioMapping><caseflow:input source="={id: customerId}" target="customer" /></caseflow:ioMapping>
    <caseflow:taskHeaders>
      <caseflow:header key="caseflow.resultExpression" value="={customerName: response.body.name}" />
      <caseflow:header key="caseflow.errorMapping" value="404:NOT_FOUND" />
    </caseflow:taskHeaders>
  </bpmn:extensionElements></bpmn:serviceTask>
  <bpmn:boundaryEvent id="${id}Unknown" attachedToRef="${id}Lookup"><bpmn:errorEventDefinition errorRef="notFound" /></bpmn:boundaryEvent>
  ${flow(`${id}F1`, `${id}Lookup`, `${id}Found`)}<bpmn:endEvent id="${id}Found" />
  ${flow(`${id}F2`, `${id}Unknown`, `${id}Missing`)}<bpmn:endEvent id="${id}Missing" />
</bpmn:process>`;
}

const model = definitions(`<bpmn:error id="notFound" errorCode="NOT_FOUND" />
${lookupProcess('crmLookup', 'crm')}
${lookupProcess('legacyLookup', 'legacy')}`);

/** customers/<id>: 200 with a name, 404 for `missing`; everything under /down answers 503. */
function startTarget(): Promise<{ server: Server; url: string; calls: string[] }> {
  const calls: string[] = [];
  const server = createServer((request, response) => {
    calls.push(request.url ?? '');
    const reply = (status: number, body: unknown) =>
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (request.url?.startsWith('/down/')) return reply(503, { message: 'maintenance' });
    const id = decodeURIComponent(request.url?.replace('/customers/', '') ?? '');
    if (id === 'missing') return reply(404, { message: 'no such customer' });
    reply(200, { id, name: `Customer ${id}` });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, calls }),
    ),
  );
}

interface CaseView {
  status: string;
  variables: Record<string, unknown>;
}

describe('a connector service task in a case, through the job-dispatch queue, on the local cloud', () => {
  const dataDir = makeTempDir('connector-case');
  let cloud: LocalCloud;
  let target: Awaited<ReturnType<typeof startTarget>>;
  let alice: ApiUser;

  const connector = (baseUrl: string) => ({
    environments: { development: { baseUrl, authentication: { kind: 'none' } } },
    operations: { getCustomer: { method: 'GET', path: '/customers/{customer.id}' } },
  });

  before(async () => {
    target = await startTarget();
    cloud = await startLocalCloud({
      appRoot: repositoryRoot,
      dataDir: dataDir.path,
      ports: 'free',
      settings: {
        ...quickCaseSettings,
        [settings.jobRetryBackoffMs.name]: '100',
      },
    });
    alice = await apiUser(() => cloud.host.url, 'contoso', 'alice');
    const dave = await apiUser(() => cloud.host.url, 'contoso', 'dave');
    assert.equal((await dave.send('POST', '/api/models', model, 'application/xml')).status, 201);
    assert.equal((await alice.put('/api/connectors/crm', connector(target.url))).status, 201);
    assert.equal((await alice.put('/api/connectors/legacy', connector(`${target.url}/down`))).status, 201);
  });
  after(async () => {
    await cloud?.stop();
    target?.server.close();
    dataDir.remove();
  });

  async function start(processKey: string, customerId: string): Promise<string> {
    const started = await alice.post('/api/cases', { processKey, variables: { customerId } });
    assert.equal(started.status, 201);
    return ((await started.json()) as { id: string }).id;
  }

  async function ended(caseId: string): Promise<CaseView> {
    return eventually(`case ${caseId} to end`, async () => {
      const found = await alice.get<CaseView>(`/api/cases/${caseId}`);
      return found.status === 'active' ? undefined : found;
    });
  }

  async function elements(caseId: string): Promise<string[]> {
    const { items } = await alice.get<{ items: { kind: string; element?: string }[] }>(
      `/api/cases/${caseId}/timeline`,
    );
    return items.filter((entry) => entry.kind === 'element').map((entry) => entry.element ?? '');
  }

  async function jobStates(caseId: string): Promise<string[]> {
    const { items } = await alice.get<{ items: { caseId: string; state: string }[] }>('/api/jobs?limit=200');
    return items
      .filter((job) => job.caseId === caseId)
      .map((job) => job.state)
      .sort();
  }

  it('maps a 2xx answer into the case variables', async () => {
    const caseId = await start('crmLookup', 'c-1');
    const done = await ended(caseId);
    assert.equal(done.status, 'completed');
    assert.equal(done.variables.customerName, 'Customer c-1');
    assert.deepEqual(await elements(caseId), ['crmLookupStart', 'crmLookupLookup', 'crmLookupFound']);
  });

  it('maps a 404 to the BPMN error NOT_FOUND, caught by the error boundary event', async () => {
    const caseId = await start('crmLookup', 'missing');
    const done = await ended(caseId);
    assert.equal(done.status, 'completed');
    assert.equal(done.variables.customerName, undefined);
    const path = await elements(caseId);
    assert.ok(path.includes('crmLookupUnknown') && path.includes('crmLookupMissing'), path.join(', '));
    assert.ok(!path.includes('crmLookupFound'));
  });

  it('retries a 5xx, then raises an incident; the admin fixes the connector and retries it', async () => {
    const caseId = await start('legacyLookup', 'c-2');
    const incident = await eventually('the job incident', async () => {
      const { items } = await alice.get<{ items: { id: string }[] }>(
        `/api/incidents?caseId=${caseId}&state=open`,
      );
      return items[0];
    });
    assert.equal(target.calls.filter((call) => call === '/down/customers/c-2').length, 2, 'two attempts');
    assert.deepEqual(await jobStates(caseId), ['incident']);
    assert.equal((await alice.get<CaseView>(`/api/cases/${caseId}`)).status, 'active');

    assert.equal((await alice.put('/api/connectors/legacy', connector(target.url))).status, 200);
    assert.equal((await alice.post(`/api/incidents/${incident.id}/retry`)).status, 200);
    const done = await ended(caseId);
    assert.equal(done.status, 'completed');
    assert.equal(done.variables.customerName, 'Customer c-2');
    assert.deepEqual(await jobStates(caseId), ['completed', 'incident']);
  });
});

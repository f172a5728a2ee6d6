import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Container } from '@azure/cosmos';
import { createHash } from 'node:crypto';
import { BlobServiceClient } from '@azure/storage-blob';
import { blobContainers, cosmosContainers, cosmosDatabase } from '../../shared/config/registry.js';
import { ModelSourceStore } from '../../shared/storage/model-source-store.js';
import { createLocalCosmosClient } from '../../local/emulators/index.js';
import { startLocalCloud, type LocalCloud } from '../../local/start-local-cloud.js';
import { inboxDocumentId } from '../../shared/cases/case-documents.js';
import { definitions } from '../support/models.js';
import { repositoryRoot } from '../support/paths.js';
import { makeTempDir } from '../support/temp-dir.js';
import { eventually } from '../support/caseflow-api.js';
import { quickCaseSettings } from '../support/quick-case-settings.js';

/** claim: review (user task) -> approved? -> payout (call activity) -> confirm (user task); payout: start -> end. */
const journeyModel = definitions(`<bpmn:process id="claim" isExecutable="true">
  <bpmn:startEvent id="start" />
  <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="review" />
  <bpmn:userTask id="review" name="Review claim" />
  <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="decide" />
  <bpmn:exclusiveGateway id="decide" default="rejectedFlow" />
  <bpmn:sequenceFlow id="approvedFlow" sourceRef="decide" targetRef="pay"><bpmn:conditionExpression>=approved = true</bpmn:conditionExpression></bpmn:sequenceFlow>
  <bpmn:sequenceFlow id="rejectedFlow" sourceRef="decide" targetRef="rejected" />
  <bpmn:endEvent id="rejected" />
  <bpmn:callActivity id="pay" name="Pay out"><bpmn:extensionElements><zeebe:calledElement processId="payout" /></bpmn:extensionElements></bpmn:callActivity>
  <bpmn:sequenceFlow id="f3" sourceRef="pay" targetRef="confirm" />
  <bpmn:userTask id="confirm" name="Confirm payment" />
  <bpmn:sequenceFlow id="f4" sourceRef="confirm" targetRef="end" />
  <bpmn:endEvent id="end" />
</bpmn:process>
<bpmn:process id="escalate" isExecutable="true">
  <bpmn:startEvent id="escalateStart" />
  <bpmn:sequenceFlow id="e1" sourceRef="escalateStart" targetRef="handOver" />
  <bpmn:callActivity id="handOver"><bpmn:extensionElements><zeebe:calledElement processId="handle" /></bpmn:extensionElements></bpmn:callActivity>
  <bpmn:sequenceFlow id="e2" sourceRef="handOver" targetRef="escalateEnd" />
  <bpmn:endEvent id="escalateEnd" />
</bpmn:process>
<bpmn:process id="handle" isExecutable="true">
  <bpmn:startEvent id="handleStart" />
  <bpmn:sequenceFlow id="h1" sourceRef="handleStart" targetRef="handleIt" />
  <bpmn:userTask id="handleIt" />
  <bpmn:sequenceFlow id="h2" sourceRef="handleIt" targetRef="handleEnd" />
  <bpmn:endEvent id="handleEnd" />
</bpmn:process>
<bpmn:process id="payout" isExecutable="true">
  <bpmn:startEvent id="payStart" />
  <bpmn:sequenceFlow id="p1" sourceRef="payStart" targetRef="payEnd" />
  <bpmn:endEvent id="payEnd" />
</bpmn:process>`);

interface CaseView {
  id: string;
  stuck?: { code: string };
  status: string;
  processKey: string;
  businessKey?: string;
  parent?: { caseId: string };
  variables: Record<string, unknown>;
  activeElements: string[];
}
interface TaskView {
  id: string;
  caseId: string;
  element: string;
  status: string;
  assignee?: string;
}

describe('cases and tasks on the local cloud', () => {
  const dataDir = makeTempDir('cases-journey');
  let cloud: LocalCloud;
  let cosmosClient: ReturnType<typeof createLocalCosmosClient>;
  let casesContainer: Container;
  const tokens = new Map<string, string>();

  before(async () => {
    cloud = await startLocalCloud({
      appRoot: repositoryRoot,
      dataDir: dataDir.path,
      ports: 'free',
      settings: quickCaseSettings,
    });
    cosmosClient = createLocalCosmosClient(cloud.emulators.cosmos);
    casesContainer = cosmosClient.database(cosmosDatabase.name).container(cosmosContainers.cases.name);
    const upload = await (
      await as('contoso', 'dave')
    ).send('POST', '/api/models', journeyModel, 'application/xml');
    assert.equal(upload.status, 201);
  });
  after(async () => {
    cosmosClient?.dispose();
    await cloud?.stop();
    dataDir.remove();
  });

  async function token(tenantId: string, userId: string): Promise<string> {
    const key = `${tenantId}/${userId}`;
    if (!tokens.has(key)) {
      const response = await fetch(`${cloud.host.url}/api/dev/token`, {
        method: 'POST',
        body: JSON.stringify({ tenantId, userId }),
        headers: { 'content-type': 'application/json' },
      });
      assert.equal(response.status, 200);
      tokens.set(key, ((await response.json()) as { accessToken: string }).accessToken);
    }
    return tokens.get(key)!;
  }

  async function as(tenantId: string, userId: string) {
    const authorization = `Bearer ${await token(tenantId, userId)}`;
    const send = (method: string, path: string, body?: string, contentType = 'application/json') =>
      fetch(`${cloud.host.url}${path}`, {
        method,
        headers: { authorization, ...(body !== undefined ? { 'content-type': contentType } : {}) },
        ...(body !== undefined ? { body } : {}),
      });
    return {
      send,
      get: async <T>(path: string): Promise<T> => {
        const response = await send('GET', path);
        assert.equal(
          response.status,
          200,
          `GET ${path}: ${response.status} ${await response.clone().text()}`,
        );
        return (await response.json()) as T;
      },
      post: (path: string, body: unknown = {}) => send('POST', path, JSON.stringify(body)),
    };
  }

  async function openTask(userId: string, caseId: string, element: string): Promise<TaskView> {
    const user = await as('contoso', userId);
    return eventually(`task ${element} of ${caseId}`, async () => {
      const { items } = await user.get<{ items: TaskView[] }>('/api/tasks?scope=involved');
      return items.find((task) => task.caseId === caseId && task.element === element);
    });
  }

  async function caseWithStatus(caseId: string, status: string): Promise<CaseView> {
    const alice = await as('contoso', 'alice');
    return eventually(`case ${caseId} ${status}`, async () => {
      const found = await alice.get<CaseView>(`/api/cases/${caseId}`);
      return found.status === status ? found : undefined;
    });
  }

  it('runs a case from start to end: inbox, claim, complete, call activity, timeline', async () => {
    const walter = await as('contoso', 'walter');
    const started = await walter.post('/api/cases', {
      processKey: 'claim',
      businessKey: 'CLAIM-1',
      variables: { amount: 120 },
    });
    assert.equal(started.status, 201);
    const created = (await started.json()) as CaseView;
    const again = await walter.post('/api/cases', { processKey: 'claim', businessKey: 'CLAIM-1' });
    assert.equal(again.status, 200);
    assert.equal(((await again.json()) as CaseView).id, created.id);

    const review = await openTask('walter', created.id, 'review');
    assert.equal((await walter.post(`/api/tasks/${review.id}/claim`)).status, 200);
    const mine = await walter.get<{ items: TaskView[] }>('/api/tasks?scope=mine');
    assert.ok(mine.items.some((task) => task.id === review.id && task.assignee === 'walter'));
    const completed = await walter.post(`/api/tasks/${review.id}/complete`, {
      variables: { approved: true },
    });
    assert.equal(completed.status, 200);
    assert.equal((await walter.post(`/api/tasks/${review.id}/claim`)).status, 409);

    const confirm = await openTask('walter', created.id, 'confirm');
    const alice = await as('contoso', 'alice');
    const children = await alice.get<{ items: CaseView[] }>('/api/cases?processKey=payout');
    const child = children.items.find((item) => item.parent?.caseId === created.id);
    assert.ok(child);
    // The child answers its parent before saving its own end: wait for it.
    await caseWithStatus(child.id, 'completed');

    assert.equal((await walter.post(`/api/tasks/${confirm.id}/claim`)).status, 200);
    const [first, second] = await Promise.all([
      walter.post(`/api/tasks/${confirm.id}/complete`, { variables: { paid: true } }),
      alice.post(`/api/tasks/${confirm.id}/complete`, { variables: { paid: false } }),
    ]);
    assert.deepEqual([first.status, second.status].sort(), [200, 409]);

    const ended = await caseWithStatus(created.id, 'completed');
    assert.equal(ended.variables.approved, true);
    assert.deepEqual(ended.activeElements, []);
    const timeline = await walter.get<{
      items: { kind: string; event?: string; element?: string; actor: string }[];
    }>(`/api/cases/${created.id}/timeline`);
    const events = timeline.items.filter((entry) => entry.kind === 'event').map((entry) => entry.event);
    assert.deepEqual(events, ['start', 'userTaskCompleted', 'callCompleted', 'userTaskCompleted']);
    const elements = timeline.items.filter((entry) => entry.kind === 'element').map((entry) => entry.element);
    assert.deepEqual(elements, ['start', 'review', 'decide', 'pay', 'confirm', 'end']);
    assert.equal(timeline.items.find((entry) => entry.event === 'start')?.actor, 'walter');
  });

  it('keeps other tenants out, refuses wrong roles and bad input without changing anything', async () => {
    const walter = await as('contoso', 'walter');
    const started = (await (await walter.post('/api/cases', { processKey: 'claim' })).json()) as CaseView;
    const fred = await as('fabrikam', 'fred');
    assert.equal((await fred.send('GET', `/api/cases/${started.id}`)).status, 404);
    assert.equal((await fred.post(`/api/cases/${started.id}/cancel`)).status, 404);
    const wendy = await as('contoso', 'wendy');
    assert.equal((await wendy.send('GET', `/api/cases/${started.id}`)).status, 404);
    assert.equal(
      (await walter.post(`/api/cases/${started.id}/variables`, { variables: { x: 1 } })).status,
      403,
    );
    await openTask('walter', started.id, 'review');
    // The task is written while the case advances; the case document is saved a moment later.
    const before = await eventually('the case waiting in review', async () => {
      const found = await walter.get<CaseView>(`/api/cases/${started.id}`);
      return found.activeElements.includes('review') ? found : undefined;
    });
    for (const body of [
      { processKey: 7 },
      { processKey: 'claim', variables: [] },
      { processKey: 'claim', variables: { 'a b': 1 } },
    ]) {
      assert.equal((await walter.post('/api/cases', body)).status, 400);
    }
    assert.equal((await walter.send('POST', '/api/cases', '{"processKey":', 'application/json')).status, 400);
    const huge = JSON.stringify({ processKey: 'claim', variables: { blob: 'x'.repeat(2 * 1024 * 1024) } });
    assert.equal((await walter.send('POST', '/api/cases', huge, 'application/json')).status, 413);
    assert.equal((await walter.send('POST', '/api/cases', 'processKey=claim', 'text/plain')).status, 415);
    assert.equal((await walter.post('/api/cases', { processKey: 'nope' })).status, 404);
    assert.equal((await walter.post('/api/tasks/nope/complete', {})).status, 404);
    assert.deepEqual(await walter.get<CaseView>(`/api/cases/${started.id}`), before);
  });

  it('recovers a lost doorbell: an inbox event written without ringing is applied by the sweep', async () => {
    const walter = await as('contoso', 'walter');
    const started = (await (await walter.post('/api/cases', { processKey: 'claim' })).json()) as CaseView;
    await openTask('walter', started.id, 'review');
    // The task is written while the case advances; the start event counts as applied a moment later. Until
    // then the number after lastApplied is the start event's own.
    const seq = await eventually('the case to apply its inbox', async () => {
      const { resource } = await casesContainer.item(started.id, 'contoso').read<{ lastApplied: number }>();
      const next = (resource?.lastApplied ?? 0) + 1;
      const { resource: taken } = await casesContainer
        .item(inboxDocumentId(started.id, next), 'contoso')
        .read();
      return taken ? undefined : next;
    });
    await casesContainer.items.create({
      id: inboxDocumentId(started.id, seq),
      tenantId: 'contoso',
      type: 'inbox',
      caseId: started.id,
      seq,
      event: { type: 'cancel' },
      idempotencyKey: 'test:lost-doorbell',
      actor: 'test',
      receivedAt: new Date().toISOString(),
    });
    await caseWithStatus(started.id, 'terminated');
    const { items } = await walter.get<{ items: TaskView[] }>('/api/tasks?scope=involved&status=cancelled');
    assert.ok(items.some((task) => task.caseId === started.id && task.element === 'review'));
  });

  it('cancels a case through the API and refuses events to the closed case', async () => {
    const walter = await as('contoso', 'walter');
    const started = (await (await walter.post('/api/cases', { processKey: 'claim' })).json()) as CaseView;
    const review = await openTask('walter', started.id, 'review');
    assert.equal((await walter.post(`/api/cases/${started.id}/cancel`)).status, 202);
    await caseWithStatus(started.id, 'terminated');
    assert.equal((await walter.post(`/api/cases/${started.id}/cancel`)).status, 409);
    assert.equal((await walter.post(`/api/tasks/${review.id}/claim`)).status, 409);
  });

  it('shows a stuck case as an incident whose retry by an admin advances the case again', async () => {
    const fragile = definitions(`<bpmn:process id="fragile" isExecutable="true">
  <bpmn:startEvent id="fragileStart" />
  <bpmn:sequenceFlow id="g1" sourceRef="fragileStart" targetRef="mend" />
  <bpmn:userTask id="mend" />
  <bpmn:sequenceFlow id="g2" sourceRef="mend" targetRef="fragileEnd" />
  <bpmn:endEvent id="fragileEnd" />
</bpmn:process>`);
    const dave = await as('contoso', 'dave');
    assert.equal((await dave.send('POST', '/api/models', fragile, 'application/xml')).status, 201);
    // The stored source vanishes: compiling the graph fails until it is back.
    const blobName = ModelSourceStore.blobName('contoso', createHash('sha256').update(fragile).digest('hex'));
    const sources = BlobServiceClient.fromConnectionString(
      cloud.emulators.settings.AzureWebJobsStorage ?? '',
    ).getContainerClient(blobContainers.modelSources.name);
    await sources.getBlockBlobClient(blobName).delete();
    const walter = await as('contoso', 'walter');
    const started = (await (await walter.post('/api/cases', { processKey: 'fragile' })).json()) as CaseView;
    const stuck = await eventually('the case to be stuck', async () => {
      const found = await walter.get<CaseView>(`/api/cases/${started.id}`);
      return found.stuck ? found : undefined;
    });
    assert.equal(stuck.status, 'active');
    const alice = await as('contoso', 'alice');
    const incident = await eventually('the stuck incident', async () => {
      const { items } = await alice.get<{ items: { id: string; kind?: string; state: string }[] }>(
        `/api/incidents?caseId=${started.id}&state=open`,
      );
      return items[0];
    });
    assert.equal(incident.kind, 'stuck');
    await sources.getBlockBlobClient(blobName).uploadData(Buffer.from(fragile));
    assert.equal((await alice.post(`/api/incidents/${incident.id}/retry`)).status, 200);
    await openTask('walter', started.id, 'mend');
    const { items } = await alice.get<{ items: { state: string }[] }>(`/api/incidents?caseId=${started.id}`);
    assert.deepEqual(
      items.map((item) => item.state),
      ['resolved'],
    );
    assert.equal((await walter.get<CaseView>(`/api/cases/${started.id}`)).stuck, undefined);
  });

  it('searches with filters and continuation paging, comments, and lets admins set variables', async () => {
    const wendy = await as('contoso', 'wendy');
    const ids: string[] = [];
    for (const region of ['north', 'south', 'north']) {
      const response = await wendy.post('/api/cases', { processKey: 'claim', variables: { region } });
      ids.push(((await response.json()) as CaseView).id);
    }
    const pages: CaseView[][] = [];
    let token: string | undefined;
    do {
      const query = `/api/cases?startedBy=wendy&limit=2${token ? `&continuationToken=${encodeURIComponent(token)}` : ''}`;
      const page = await wendy.get<{ items: CaseView[]; continuationToken?: string }>(query);
      pages.push(page.items);
      token = page.continuationToken;
    } while (token);
    assert.deepEqual(
      pages.map((page) => page.length),
      [2, 1],
    );
    assert.deepEqual(
      pages
        .flat()
        .map((item) => item.id)
        .sort(),
      [...ids].sort(),
    );
    await eventually('variables of the third case', async () => {
      const found = await wendy.get<CaseView>(`/api/cases/${ids[2]}`);
      return found.variables.region === 'north' ? found : undefined;
    });
    const north = await wendy.get<{ items: CaseView[] }>('/api/cases?startedBy=wendy&var.region="north"');
    assert.deepEqual(north.items.map((item) => item.id).sort(), [ids[0], ids[2]].sort());
    assert.equal((await wendy.send('GET', '/api/cases?var.a%20b=1')).status, 400);
    assert.equal((await wendy.send('GET', '/api/cases?status=sleeping')).status, 400);

    assert.equal(
      (await wendy.post(`/api/cases/${ids[0]}/comments`, { text: 'Called the customer.' })).status,
      201,
    );
    assert.equal((await wendy.post(`/api/cases/${ids[0]}/comments`, { text: 7 })).status, 400);
    const comments = await wendy.get<{ items: { author: string; text: string }[] }>(
      `/api/cases/${ids[0]}/comments`,
    );
    assert.deepEqual(
      comments.items.map((comment) => [comment.author, comment.text]),
      [['wendy', 'Called the customer.']],
    );
    const alice = await as('contoso', 'alice');
    assert.equal(
      (await alice.post(`/api/cases/${ids[1]}/variables`, { variables: { region: 'west' } })).status,
      202,
    );
    await eventually('the admin variable change', async () => {
      const found = await wendy.get<CaseView>(`/api/cases/${ids[1]}`);
      return found.variables.region === 'west' ? found : undefined;
    });
  });

  it('assigns, delegates and unclaims tasks only for their assignee or an admin', async () => {
    const walter = await as('contoso', 'walter');
    const wendy = await as('contoso', 'wendy');
    const alice = await as('contoso', 'alice');
    const started = (await (await walter.post('/api/cases', { processKey: 'claim' })).json()) as CaseView;
    const review = await openTask('walter', started.id, 'review');
    assert.equal((await walter.post(`/api/tasks/${review.id}/claim`)).status, 200);
    // Claimed by walter, the task is no longer offered to wendy: for her it does not exist.
    assert.equal((await wendy.post(`/api/tasks/${review.id}/claim`)).status, 404);
    assert.equal((await wendy.post(`/api/tasks/${review.id}/complete`, {})).status, 404);
    assert.equal((await wendy.post(`/api/tasks/${review.id}/assign`, { assignee: 'wendy' })).status, 404);
    assert.equal((await alice.post(`/api/tasks/${review.id}/claim`)).status, 409);
    assert.equal((await walter.post(`/api/tasks/${review.id}/assign`, { assignee: 3 })).status, 400);
    const delegated = await walter.post(`/api/tasks/${review.id}/delegate`, { assignee: 'wendy' });
    assert.equal(delegated.status, 200);
    assert.deepEqual(
      await delegated
        .json()
        .then((task) => [(task as TaskView).assignee, (task as { delegatedBy?: string }).delegatedBy]),
      ['wendy', 'walter'],
    );
    const wendysTasks = await wendy.get<{ items: TaskView[] }>('/api/tasks?scope=mine');
    assert.ok(wendysTasks.items.some((task) => task.id === review.id));
    assert.equal((await wendy.post(`/api/tasks/${review.id}/unclaim`)).status, 200);
    const offered = await walter.get<{ items: TaskView[] }>(
      '/api/tasks?scope=offered&sort=priority&order=desc',
    );
    assert.ok(offered.items.some((task) => task.id === review.id));
    assert.equal((await alice.post(`/api/tasks/${review.id}/assign`, { assignee: 'walter' })).status, 200);
    assert.equal((await walter.send('GET', '/api/tasks?scope=all')).status, 403);
    assert.equal((await alice.send('GET', '/api/tasks?scope=all')).status, 200);
    const fred = await as('fabrikam', 'fred');
    assert.equal((await fred.send('GET', `/api/tasks/${review.id}`)).status, 404);
    assert.equal((await fred.post(`/api/tasks/${review.id}/complete`, {})).status, 404);
  });

  it("cancels a parent case's child cases", async () => {
    const alice = await as('contoso', 'alice');
    const parent = (await (await alice.post('/api/cases', { processKey: 'escalate' })).json()) as CaseView;
    const child = await eventually('the child case', async () => {
      const { items } = await alice.get<{ items: CaseView[] }>('/api/cases?processKey=handle');
      return items.find(
        (item) => item.parent?.caseId === parent.id && item.activeElements.includes('handleIt'),
      );
    });
    assert.equal((await alice.post(`/api/cases/${parent.id}/cancel`)).status, 202);
    await caseWithStatus(parent.id, 'terminated');
    await caseWithStatus(child.id, 'terminated');
  });

  it('keeps going across continueAsNew: many doorbells, then the next step', async () => {
    const walter = await as('contoso', 'walter');
    const alice = await as('contoso', 'alice');
    const started = (await (await walter.post('/api/cases', { processKey: 'claim' })).json()) as CaseView;
    const review = await openTask('walter', started.id, 'review');
    // Each change rings once: more rounds than one orchestration execution runs before continueAsNew.
    for (let round = 0; round < 25; round++) {
      const response = await alice.post(`/api/cases/${started.id}/variables`, { variables: { round } });
      assert.equal(response.status, 202);
    }
    await eventually('every variable change', async () => {
      const found = await walter.get<CaseView>(`/api/cases/${started.id}`);
      return found.variables.round === 24 ? found : undefined;
    });
    assert.equal((await walter.post(`/api/tasks/${review.id}/claim`)).status, 200);
    assert.equal(
      (await walter.post(`/api/tasks/${review.id}/complete`, { variables: { approved: false } })).status,
      200,
    );
    await caseWithStatus(started.id, 'completed');
  });

  it('starts one case for two concurrent starts with the same business key', async () => {
    const walter = await as('contoso', 'walter');
    const responses = await Promise.all(
      [1, 2].map(() => walter.post('/api/cases', { processKey: 'claim', businessKey: 'CLAIM-2' })),
    );
    assert.deepEqual(responses.map((response) => response.status).sort(), [200, 201]);
    const [first, second] = (await Promise.all(responses.map((response) => response.json()))) as CaseView[];
    assert.equal(first?.id, second?.id);
    const timeline = await eventually('the start applied', async () => {
      const { items } = await walter.get<{ items: { event?: string }[] }>(`/api/cases/${first?.id}/timeline`);
      return items.length > 0 ? items : undefined;
    });
    assert.equal(timeline.filter((entry) => entry.event === 'start').length, 1);
  });
});

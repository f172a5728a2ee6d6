import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Container } from '@azure/cosmos';
import { EventType } from '../../local/durable/history-events.js';
import { InstanceStore } from '../../local/durable/instance-store.js';
import { createLocalCosmosClient } from '../../local/emulators/index.js';
import { startLocalCloud, type LocalCloud } from '../../local/start-local-cloud.js';
import { caseInstanceId } from '../../shared/cases/doorbell.js';
import { cosmosContainers, cosmosDatabase } from '../../shared/config/registry.js';
import { apiUser, eventually, type ApiUser } from '../support/caseflow-api.js';
import { flow, job } from '../support/flow-xml.js';
import { definitions } from '../support/models.js';
import { repositoryRoot } from '../support/paths.js';
import { makeTempDir } from '../support/temp-dir.js';
import { quickCaseSettings } from '../support/quick-case-settings.js';

/**
 * fanout: review -> (pack job with a 1 h timer boundary | call sub | notify) -> end; sub: handle -> end.
 * relay: wait for message "go" (key = ref) -> after -> end. ship: pack job -> end.
 * deadline: check (user task, 2 s interrupting timer) -> end.
 */
const model =
  definitions(`<bpmn:message id="goMessage" name="go"><bpmn:extensionElements><zeebe:subscription correlationKey="=ref" /></bpmn:extensionElements></bpmn:message>
<bpmn:process id="fanout" isExecutable="true">
  <bpmn:startEvent id="start" />${flow('f0', 'start', 'review')}
  <bpmn:userTask id="review" />${flow('f1', 'review', 'split')}
  <bpmn:parallelGateway id="split" />
  ${flow('f2', 'split', 'pack')}${flow('f3', 'split', 'call')}${flow('f4', 'split', 'notify')}
  ${job('pack', 'pack-parcel')}
  <bpmn:boundaryEvent id="slow" attachedToRef="pack"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
  ${flow('f5', 'slow', 'late')}<bpmn:endEvent id="late" />
  <bpmn:callActivity id="call"><bpmn:extensionElements><zeebe:calledElement processId="sub" /></bpmn:extensionElements></bpmn:callActivity>
  <bpmn:userTask id="notify" />
  ${flow('f6', 'pack', 'join')}${flow('f7', 'call', 'join')}${flow('f8', 'notify', 'join')}
  <bpmn:parallelGateway id="join" />${flow('f9', 'join', 'end')}<bpmn:endEvent id="end" />
</bpmn:process>
<bpmn:process id="sub" isExecutable="true">
  <bpmn:startEvent id="subStart" />${flow('s0', 'subStart', 'handle')}
  <bpmn:userTask id="handle" />${flow('s1', 'handle', 'subEnd')}<bpmn:endEvent id="subEnd" />
</bpmn:process>
<bpmn:process id="relay" isExecutable="true">
  <bpmn:startEvent id="relayStart" />${flow('r0', 'relayStart', 'go')}
  <bpmn:intermediateCatchEvent id="go"><bpmn:messageEventDefinition messageRef="goMessage" /></bpmn:intermediateCatchEvent>
  ${flow('r1', 'go', 'afterGo')}<bpmn:userTask id="afterGo" />${flow('r2', 'afterGo', 'relayEnd')}
  <bpmn:endEvent id="relayEnd" />
</bpmn:process>
<bpmn:process id="ship" isExecutable="true">
  <bpmn:startEvent id="shipStart" />${flow('h0', 'shipStart', 'packIt')}${job('packIt', 'pack-box')}
  ${flow('h1', 'packIt', 'shipEnd')}<bpmn:endEvent id="shipEnd" />
</bpmn:process>
<bpmn:process id="deadline" isExecutable="true">
  <bpmn:startEvent id="deadlineStart" />${flow('d0', 'deadlineStart', 'check')}
  <bpmn:userTask id="check" />
  <bpmn:boundaryEvent id="overdue" attachedToRef="check"><bpmn:timerEventDefinition><bpmn:timeDuration>PT2S</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
  ${flow('d1', 'check', 'checked')}<bpmn:endEvent id="checked" />
  ${flow('d2', 'overdue', 'expired')}<bpmn:endEvent id="expired" />
</bpmn:process>`);

interface CaseView {
  id: string;
  status: string;
  variables: Record<string, unknown>;
  activeElements: string[];
  parent?: { caseId: string };
}
interface TimelineEntry {
  seq: number;
  at: string;
  kind: string;
  event?: string;
  element?: string;
}
interface JobView {
  id: string;
  caseId: string;
  state: string;
}
/** The Durable task hub of the app (host.json). */
const hubName = 'TestHubName';
type Stored = Record<string, unknown> & { _etag: string };

describe('faults in the execution of cases on the local cloud', () => {
  const dataDir = makeTempDir('case-faults');
  let cloud: LocalCloud;
  let cosmos: ReturnType<typeof createLocalCosmosClient>;
  let cases: Container;
  let tasks: Container;
  let walter: ApiUser;
  let alice: ApiUser;
  let worker: ApiUser;

  before(async () => {
    cloud = await startLocalCloud({
      appRoot: repositoryRoot,
      dataDir: dataDir.path,
      ports: 'free',
      settings: quickCaseSettings,
    });
    cosmos = createLocalCosmosClient(cloud.emulators.cosmos);
    cases = cosmos.database(cosmosDatabase.name).container(cosmosContainers.cases.name);
    tasks = cosmos.database(cosmosDatabase.name).container(cosmosContainers.tasks.name);
    const url = () => cloud.host.url;
    [walter, alice, worker] = await Promise.all([
      apiUser(url, 'contoso', 'walter'),
      apiUser(url, 'contoso', 'alice'),
      apiUser(url, 'contoso', 'svc-worker'),
    ]);
    const dave = await apiUser(url, 'contoso', 'dave');
    assert.equal((await dave.send('POST', '/api/models', model, 'application/xml')).status, 201);
  });
  after(async () => {
    cosmos?.dispose();
    await cloud?.stop();
    dataDir.remove();
  });

  async function start(processKey: string, variables: Record<string, unknown> = {}): Promise<string> {
    const started = await walter.post('/api/cases', { processKey, variables });
    assert.equal(started.status, 201);
    return ((await started.json()) as CaseView).id;
  }

  async function openTask(caseId: string, element: string): Promise<string> {
    return eventually(`the open task ${element}`, async () => {
      const { items } = await walter.get<{ items: { id: string; caseId: string; element: string }[] }>(
        '/api/tasks?scope=involved',
      );
      return items.find((task) => task.caseId === caseId && task.element === element)?.id;
    });
  }

  async function complete(taskId: string, variables: Record<string, unknown> = {}): Promise<void> {
    assert.equal((await walter.post(`/api/tasks/${taskId}/claim`)).status, 200);
    assert.equal((await walter.post(`/api/tasks/${taskId}/complete`, { variables })).status, 200);
  }

  async function caseWithStatus(caseId: string, status: string): Promise<CaseView> {
    return eventually(`case ${caseId} ${status}`, async () => {
      const found = await alice.get<CaseView>(`/api/cases/${caseId}`);
      return found.status === status ? found : undefined;
    });
  }

  async function timeline(caseId: string): Promise<TimelineEntry[]> {
    return (await walter.get<{ items: TimelineEntry[] }>(`/api/cases/${caseId}/timeline`)).items;
  }

  async function caseDocument(caseId: string): Promise<Stored> {
    const { resource } = await cases.item(caseId, 'contoso').read<Stored>();
    assert.ok(resource, `case ${caseId}`);
    return resource;
  }

  async function jobsOf(caseId: string): Promise<JobView[]> {
    const { items } = await alice.get<{ items: JobView[] }>('/api/jobs?limit=200');
    return items.filter((item) => item.caseId === caseId);
  }

  async function fetchJob(type: string, caseId: string): Promise<JobView> {
    return eventually(`a ${type} job of ${caseId}`, async () => {
      const fetched = await worker.post('/api/jobs/fetch-and-lock', {
        workerId: 'w1',
        types: [type],
        lockDurationMs: 60_000,
      });
      const { items } = (await fetched.json()) as { items: JobView[] };
      return items.find((item) => item.caseId === caseId);
    });
  }

  /** Everything a case made: its tasks, jobs, child cases and timeline, without storage metadata. */
  async function footprint(caseId: string) {
    const query = async (container: Container, where: string) =>
      (
        await container.items
          .query<{ id: string }>({
            query: `SELECT c.id FROM c WHERE ${where}`,
            parameters: [{ name: '@id', value: caseId }],
          })
          .fetchAll()
      ).resources
        .map((item) => item.id)
        .sort();
    return {
      tasks: await query(tasks, 'c.caseId = @id'),
      children: await query(cases, "c.type = 'case' AND c.parent.caseId = @id"),
      jobs: (await jobsOf(caseId)).map((item) => item.id).sort(),
      timeline: await timeline(caseId),
    };
  }

  it('performs the commands again after a lost save, each once: tasks, jobs, timers, child cases, timeline', async () => {
    const caseId = await start('fanout');
    const review = await openTask(caseId, 'review');
    // A task (a job, a child case) is written while the case advances; the case document is saved after it.
    const applied = async (seq: number) =>
      eventually(`event ${seq} applied`, async () => {
        const found = await caseDocument(caseId);
        return found.lastApplied === seq ? found : undefined;
      });
    const beforeReview = await applied(1);
    await complete(review, { approved: true });
    await openTask(caseId, 'notify');
    const child = await eventually('the child case with its task', async () => {
      const { children } = await footprint(caseId);
      if (children.length === 0) return undefined;
      const found = await alice.get<CaseView>(`/api/cases/${children[0]}`);
      return found.activeElements.includes('handle') ? found : undefined;
    });
    await eventually('the pack job', async () => ((await jobsOf(caseId)).length > 0 ? true : undefined));
    const afterReview = await applied(2);
    const before = await footprint(caseId);

    // advanceCase performed the commands of event 2, then "crashed" before its save: the case document
    // goes back to what it was. The sweep rings the case, whose next advance applies event 2 again.
    await cases.item(caseId, 'contoso').replace(stripStorage(beforeReview), {
      accessCondition: { type: 'IfMatch', condition: afterReview._etag },
    });
    await applied(2);
    assert.deepEqual(await footprint(caseId), before);

    // ... and the case ends exactly as without the fault.
    await complete(await openTask(caseId, 'notify'));
    await complete(await openTask(child.id, 'handle'));
    const pack = await fetchJob('pack-parcel', caseId);
    assert.equal((await worker.post(`/api/jobs/${pack.id}/complete`, { workerId: 'w1' })).status, 200);
    await caseWithStatus(caseId, 'completed');
    const events = (await timeline(caseId))
      .filter((entry) => entry.kind === 'event')
      .map((entry) => entry.event);
    assert.deepEqual(events.slice(0, 2), ['start', 'userTaskCompleted']);
    assert.deepEqual(events.slice(2).sort(), ['callCompleted', 'jobCompleted', 'userTaskCompleted']);
    const after = await footprint(caseId);
    assert.deepEqual([after.tasks, after.children, after.jobs], [before.tasks, before.children, before.jobs]);
    assert.equal(
      after.timeline.filter((entry) => entry.element === 'slow').length,
      0,
      'the timer never fired',
    );
  });

  it('applies a message whose doorbell came as the orchestration continued as new', async () => {
    const caseId = await start('relay', { ref: 'r-1' });
    await eventually('the case waiting for the message', async () => {
      const found = await alice.get<CaseView>(`/api/cases/${caseId}`);
      return found.activeElements.includes('go') ? true : undefined;
    });
    // The orchestration waits for a doorbell once per round and continues as new after 20 rounds. Changes
    // ring it until its execution has taken 19 doorbells: the next one is taken by the execution's last
    // wait, which continues as new without advancing. Only the new execution's first advanceCase (or the
    // sweep) can apply the message that rang it.
    const store = new InstanceStore(cloud.emulators.settings.AzureWebJobsStorage ?? '', hubName);
    const history = async () =>
      (await store.read(caseInstanceId({ tenantId: 'contoso', caseId })))?.document.history ?? [];
    const count = async (type: number) =>
      (await history()).filter((event) => event.EventType === type).length;
    let round = 0;
    while ((await count(EventType.EventRaised)) < 19) {
      round += 1;
      assert.equal(
        (await alice.post(`/api/cases/${caseId}/variables`, { variables: { round } })).status,
        202,
      );
      await eventually(`change ${round} applied`, async () =>
        (await caseDocument(caseId)).lastApplied === round + 1 ? true : undefined,
      );
    }
    const published = await worker.post('/api/messages', {
      name: 'go',
      correlationKey: 'r-1',
      messageId: 'go-1',
    });
    assert.equal(((await published.json()) as { state: string }).state, 'correlated');
    await complete(await openTask(caseId, 'afterGo'));
    const ended = await caseWithStatus(caseId, 'completed');
    assert.equal(ended.variables.round, round);
    const events = (await timeline(caseId))
      .filter((entry) => entry.kind === 'event')
      .map((entry) => entry.event);
    assert.deepEqual(events.filter((event) => event === 'messageReceived').length, 1);
  });

  it('raises an incident for a job failed with no retries; the admin retry makes a new job that completes', async () => {
    const caseId = await start('ship');
    const first = await fetchJob('pack-box', caseId);
    const failed = await worker.post(`/api/jobs/${first.id}/fail`, {
      workerId: 'w1',
      errorMessage: 'printer jammed',
      retries: 0,
    });
    assert.equal(failed.status, 200);
    assert.equal(((await failed.json()) as JobView).state, 'incident');
    const incident = await eventually('the job incident', async () => {
      const { items } = await alice.get<{ items: { id: string }[] }>(
        `/api/incidents?caseId=${caseId}&state=open`,
      );
      return items[0];
    });
    assert.equal((await alice.post(`/api/incidents/${incident.id}/retry`)).status, 200);
    const second = await fetchJob('pack-box', caseId);
    assert.notEqual(second.id, first.id);
    assert.equal((await worker.post(`/api/jobs/${second.id}/complete`, { workerId: 'w1' })).status, 200);
    await caseWithStatus(caseId, 'completed');
    assert.deepEqual((await jobsOf(caseId)).map((item) => item.state).sort(), ['completed', 'incident']);
    const { items } = await alice.get<{ items: { state: string }[] }>(`/api/incidents?caseId=${caseId}`);
    assert.deepEqual(
      items.map((item) => item.state),
      ['resolved'],
    );
  });

  it('does not fire a timer before it is due, and fires it after', async () => {
    const caseId = await start('deadline');
    await openTask(caseId, 'check');
    // Right after the task appears (the case document is saved a moment after the task): the timer waits in the
    // case state, due two seconds after the start.
    const stored = await eventually('the timer wait in the case state', async () => {
      const found = await caseDocument(caseId);
      return timerWaits(found).length > 0 ? found : undefined;
    });
    const early = await timeline(caseId);
    const startedAt = Date.parse(early.find((entry) => entry.event === 'start')!.at);
    const due = Date.parse(timerWaits(stored)[0] ?? '');
    assert.equal(due - startedAt, 2000);
    const ended = await caseWithStatus(caseId, 'completed');
    assert.deepEqual(ended.activeElements, []);
    const fired = (await timeline(caseId)).find((entry) => entry.event === 'timerFired');
    assert.ok(fired, 'the timer fired');
    assert.ok(Date.parse(fired.at) >= due, `fired at ${fired.at}, due ${new Date(due).toISOString()}`);
    const { resources } = await tasks.items
      .query<{ status: string }>({
        query: 'SELECT c.status FROM c WHERE c.caseId = @id',
        parameters: [{ name: '@id', value: caseId }],
      })
      .fetchAll();
    assert.deepEqual(
      resources.map((task) => task.status),
      ['cancelled'],
    );
  });
});

/** The due times of the timer waits anywhere in a stored case's engine state. */
function timerWaits(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(timerWaits);
  if (value === null || typeof value !== 'object') return [];
  const record = value as Record<string, unknown>;
  const own = record.kind === 'timer' && typeof record.due === 'string' ? [record.due] : [];
  return own.concat(Object.values(record).flatMap(timerWaits));
}

/** A document read from Cosmos DB without the fields the store adds (`_etag`, `_ts`, ...). */
function stripStorage(document: Stored): Record<string, unknown> {
  return Object.fromEntries(Object.entries(document).filter(([name]) => !name.startsWith('_')));
}

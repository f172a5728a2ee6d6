import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Container } from '@azure/cosmos';
import { BlobServiceClient } from '@azure/storage-blob';
import {
  createLocalCosmosClient,
  startEmulators,
  type RunningEmulators,
} from '../../local/emulators/index.js';
import { seedLocalResources } from '../../local/seed-resources.js';
import { advanceCase } from '../../shared/cases/advance-case.js';
import type { CaseRef } from '../../shared/cases/case-inbox.js';
import { CallPerformer } from '../../shared/cases/call-performer.js';
import { CaseStartService, childCaseId } from '../../shared/cases/case-start-service.js';
import { CaseStore } from '../../shared/cases/case-store.js';
import { casesWithStaleInbox } from '../../shared/cases/case-sweep.js';
import { timelineDocumentId, type TimelineDocument } from '../../shared/cases/case-documents.js';
import type { CommandPerformer } from '../../shared/cases/command-performer.js';
import { CosmosCaseInbox } from '../../shared/cases/cosmos-case-inbox.js';
import { ProcessDefinitions } from '../../shared/cases/process-definitions.js';
import type { TaskDocument } from '../../shared/cases/task-documents.js';
import { UserTaskPerformer } from '../../shared/cases/user-task-performer.js';
import { blobContainers, cosmosContainers, cosmosDatabase } from '../../shared/config/registry.js';
import { CaseflowError } from '../../shared/errors/caseflow-error.js';
import type { DefinitionsContainerDocument } from '../../shared/models/documents.js';
import { ModelsService } from '../../shared/models/models-service.js';
import { ModelSourceStore } from '../../shared/storage/model-source-store.js';
import { unstored } from '../../shared/storage/stored-document.js';
import { TenantRepository } from '../../shared/storage/tenant-repository.js';
import { flow, job } from '../support/flow-xml.js';
import { definitions } from '../support/models.js';
import { makeTempDir } from '../support/temp-dir.js';

const tenantId = 'contoso';

/** parent: review -> call child -> end; child: work (user task) -> end; jobs: a service task nobody performs. */
const model = definitions(`<bpmn:process id="parent" isExecutable="true">
    <bpmn:startEvent id="start" />${flow('f0', 'start', 'review')}
    <bpmn:userTask id="review" />${flow('f1', 'review', 'call')}
    <bpmn:callActivity id="call"><bpmn:extensionElements><zeebe:calledElement processId="child" /></bpmn:extensionElements></bpmn:callActivity>
    ${flow('f2', 'call', 'end')}<bpmn:endEvent id="end" />
  </bpmn:process>
  <bpmn:process id="child" isExecutable="true">
    <bpmn:startEvent id="childStart" />${flow('c0', 'childStart', 'work')}
    <bpmn:userTask id="work" />${flow('c1', 'work', 'childEnd')}<bpmn:endEvent id="childEnd" />
  </bpmn:process>
  <bpmn:process id="jobs" isExecutable="true">
    <bpmn:startEvent id="jobStart" />${flow('j0', 'jobStart', 'charge')}${job('charge', 'charge-card')}
    ${flow('j1', 'charge', 'jobEnd')}<bpmn:endEvent id="jobEnd" />
  </bpmn:process>`);

describe('advanceCase and the case inbox on the Cosmos DB emulator', () => {
  const dataDir = makeTempDir('advance-case');
  let emulators: RunningEmulators;
  let cosmos: ReturnType<typeof createLocalCosmosClient>;
  let cases: Container;
  let tasks: TenantRepository<TaskDocument>;
  const rings: CaseRef[] = [];
  const firstRings: string[] = [];
  let inbox: CosmosCaseInbox;
  let starter: CaseStartService;
  let definitionsOf: ProcessDefinitions;
  let store: CaseStore;
  let performers: CommandPerformer[];

  before(async () => {
    emulators = await startEmulators({ dataDir: dataDir.path, ports: 'free' });
    await seedLocalResources(emulators);
    cosmos = createLocalCosmosClient(emulators.cosmos);
    const database = cosmos.database(cosmosDatabase.name);
    cases = database.container(cosmosContainers.cases.name);
    tasks = new TenantRepository(database.container(cosmosContainers.tasks.name), tenantId);
    const sources = new ModelSourceStore(
      BlobServiceClient.fromConnectionString(emulators.settings.AzureWebJobsStorage ?? '').getContainerClient(
        blobContainers.modelSources.name,
      ),
    );
    const definitionsRepository = new TenantRepository<DefinitionsContainerDocument>(
      database.container(cosmosContainers.definitions.name),
      tenantId,
    );
    await new ModelsService(definitionsRepository, sources, () => new Date()).upload(
      Buffer.from(model),
      'dave',
      1_000_000,
    );
    const stores = (tenant: string) => new CaseStore(cases, tenant);
    store = stores(tenantId);
    definitionsOf = new ProcessDefinitions(definitionsRepository, sources);
    const doorbell = {
      ring: async (ref: CaseRef, options?: { readonly firstRing?: boolean }) => {
        rings.push(ref);
        if (options?.firstRing) firstRings.push(ref.caseId);
      },
    };
    inbox = new CosmosCaseInbox(stores, doorbell, () => new Date());
    starter = new CaseStartService(
      stores,
      () => definitionsOf,
      inbox,
      randomUUID,
      () => new Date(),
    );
    performers = [new UserTaskPerformer(() => tasks, stores), new CallPerformer(starter, inbox)];
  });
  after(async () => {
    cosmos?.dispose();
    await emulators?.stop();
    dataDir.remove();
  });

  const advance = (caseId: string, with_: readonly CommandPerformer[] = performers) =>
    advanceCase(
      { tenantId, caseId },
      {
        store,
        graph: (id) => definitionsOf.graph(id),
        performers: with_,
        inbox,
      },
    );

  async function everything(caseId: string) {
    const { resources } = await cases.items
      .query({
        query: 'SELECT * FROM c WHERE c.id = @id OR c.caseId = @id',
        parameters: [{ name: '@id', value: caseId }],
      })
      .fetchAll();
    const taskDocuments = await tasks.queryAll({
      where: 'c.caseId = @id',
      parameters: [{ name: '@id', value: caseId }],
    });
    const strip = (documents: Record<string, unknown>[]) =>
      documents
        .map((document) =>
          Object.fromEntries(Object.entries(document).filter(([name]) => !name.startsWith('_'))),
        )
        .sort((a, b) => String(a.id).localeCompare(String(b.id)));
    return {
      documents: strip(resources),
      tasks: strip(taskDocuments as unknown as Record<string, unknown>[]),
    };
  }

  it('changes nothing when run again, also after a crash that lost the save', async () => {
    const { case: started } = await starter.start({
      tenantId,
      processKey: 'parent',
      variables: { amount: 3 },
      startedBy: 'walter',
    });
    assert.deepEqual(await advance(started.id), { applied: 1, closed: false, unstuck: false });
    const afterStart = await everything(started.id);
    assert.equal(afterStart.tasks.length, 1);
    assert.deepEqual(await advance(started.id), { applied: 0, closed: false, unstuck: false });
    assert.deepEqual(await everything(started.id), afterStart);

    const task = afterStart.tasks[0] as unknown as TaskDocument;
    const beforeCompletion = await store.requireCase(started.id);
    await inbox.deliver(
      { tenantId, caseId: started.id },
      { type: 'userTaskCompleted', elementInstance: task.elementInstance, variables: { ok: true } },
      { idempotencyKey: `task:${task.id}:completed`, actor: 'walter' },
    );
    await advance(started.id);
    const afterCompletion = await everything(started.id);
    // The save is lost (a crash after performing the commands): the case goes back to its earlier state.
    const current = await store.requireCase(started.id);
    await cases.item(started.id, tenantId).replace(
      { ...unstored(beforeCompletion), tenantId },
      {
        accessCondition: { type: 'IfMatch', condition: current._etag },
      },
    );
    assert.deepEqual(await advance(started.id), { applied: 1, closed: false, unstuck: false });
    assert.deepEqual(await everything(started.id), afterCompletion);
    const children = afterCompletion.documents.filter((document) => document.type === 'case');
    assert.equal(children.length, 1, 'the parent itself; its child is found by its derived id');
    const callInstance = (await store.requireCase(started.id)).state?.elementInstances;
    const call = Object.values(callInstance ?? {}).find((instance) => instance.element === 'call');
    assert.ok(call);
    assert.equal((await store.requireCase(childCaseId(started.id, call.id))).parent?.caseId, started.id);
  });

  it('numbers concurrent deliveries 1, 2, 3, ... without gaps, each idempotency key once', async () => {
    const { case: started } = await starter.start({
      tenantId,
      processKey: 'parent',
      variables: {},
      startedBy: 'walter',
    });
    const keys = ['a', 'b', 'c', 'd', 'e', 'f', 'a', 'b', 'a'];
    const outcomes = await Promise.all(
      keys.map((key) =>
        inbox.deliver(
          { tenantId, caseId: started.id },
          { type: 'signalReceived', signalName: key },
          { idempotencyKey: key, actor: 'test' },
        ),
      ),
    );
    assert.equal(outcomes.filter((outcome) => outcome.duplicate).length, 3);
    const entries = await store.inboxAfter(started.id, 0);
    assert.deepEqual(
      entries.map((entry) => entry.seq),
      entries.map((_entry, index) => index + 1),
    );
    // A duplicate leaves nothing behind: its event and its key claim are one transactional batch.
    assert.deepEqual(entries.map((entry) => entry.idempotencyKey).sort(), [
      'a',
      'b',
      'c',
      'd',
      'e',
      'f',
      'start',
    ]);
  });

  it('fails with cases.no-performer for a command nobody performs, leaving the case as it was', async () => {
    const { case: started } = await starter.start({
      tenantId,
      processKey: 'jobs',
      variables: {},
      startedBy: 'walter',
    });
    await assert.rejects(advance(started.id), (error: unknown) => {
      assert.ok(error instanceof CaseflowError);
      assert.equal(error.code, 'cases.no-performer');
      assert.equal(error.details.kind, 'runJob');
      return true;
    });
    assert.equal((await store.requireCase(started.id)).lastApplied, 0);
  });

  it("cancels a parent's child cases, and a closed case refuses new events", async () => {
    const { case: parent } = await starter.start({
      tenantId,
      processKey: 'parent',
      variables: {},
      startedBy: 'walter',
    });
    await advance(parent.id);
    const [review] = await tasks.queryAll({
      where: 'c.caseId = @id',
      parameters: [{ name: '@id', value: parent.id }],
    });
    await inbox.deliver(
      { tenantId, caseId: parent.id },
      { type: 'userTaskCompleted', elementInstance: review!.elementInstance },
      { idempotencyKey: 'review', actor: 'walter' },
    );
    await advance(parent.id);
    const { resources: children } = await cases.items
      .query({
        query: "SELECT * FROM c WHERE c.type = 'case' AND c.parent.caseId = @id",
        parameters: [{ name: '@id', value: parent.id }],
      })
      .fetchAll();
    assert.equal(children.length, 1);
    const childId = (children[0] as { id: string }).id;
    await advance(childId);
    await inbox.deliver(
      { tenantId, caseId: parent.id },
      { type: 'cancel' },
      { idempotencyKey: 'cancel', actor: 'alice' },
    );
    assert.deepEqual(await advance(parent.id), { applied: 1, closed: true, unstuck: false });
    assert.deepEqual(await advance(childId), { applied: 1, closed: true, unstuck: false });
    assert.equal((await store.requireCase(childId)).status, 'terminated');
    const childTasks = await tasks.queryAll({
      where: 'c.caseId = @id',
      parameters: [{ name: '@id', value: childId }],
    });
    assert.deepEqual(
      childTasks.map((task) => task.status),
      ['cancelled'],
    );
    await assert.rejects(
      inbox.deliver(
        { tenantId, caseId: childId },
        { type: 'cancel' },
        { idempotencyKey: 'again', actor: 'alice' },
      ),
      (error: unknown) => error instanceof CaseflowError && error.code === 'cases.closed',
    );
  });

  const startParent = async (businessKey?: string) =>
    (
      await starter.start({
        tenantId,
        processKey: 'parent',
        variables: {},
        startedBy: 'walter',
        ...(businessKey !== undefined ? { businessKey } : {}),
      })
    ).case;

  async function timelineOf(caseId: string) {
    const entries = (await store.repository.queryAll({
      where: "c.type = 'timeline' AND c.caseId = @id",
      parameters: [{ name: '@id', value: caseId }],
      orderBy: 'c.id',
    })) as TimelineDocument[];
    return entries.map(({ seq, position, what }) => ({ seq, position, what }));
  }

  it('writes the timeline with the save, and completes a timeline an earlier run left half written', async () => {
    const whole = await startParent();
    await advance(whole.id);
    const expected = await timelineOf(whole.id);
    assert.ok(expected.length >= 2, 'the start event and the start element');
    const halfWritten = await startParent();
    // An earlier run wrote the first entry on its own, then crashed before saving the case.
    await store.repository.create({
      id: timelineDocumentId(halfWritten.id, 1, 0),
      type: 'timeline',
      caseId: halfWritten.id,
      seq: 1,
      position: 0,
      at: new Date().toISOString(),
      actor: 'walter',
      what: expected[0]!.what,
    });
    assert.equal((await advance(halfWritten.id)).applied, 1);
    assert.equal((await store.requireCase(halfWritten.id)).lastApplied, 1);
    assert.deepEqual(await timelineOf(halfWritten.id), expected);
  });

  it('reads the inbox after the last applied number by id, in order, up to the first missing number', async () => {
    const started = await startParent();
    for (const key of ['x', 'y']) {
      await inbox.deliver(
        { tenantId, caseId: started.id },
        { type: 'signalReceived', signalName: key },
        { idempotencyKey: key, actor: 'test' },
      );
    }
    assert.deepEqual(
      (await store.inboxAfter(started.id, 1)).map((entry) => [entry.seq, entry.idempotencyKey]),
      [
        [2, 'x'],
        [3, 'y'],
      ],
    );
    assert.deepEqual(await store.inboxAfter(started.id, 3), []);
  });

  it('sweeps a case whose next unapplied event is older than the cutoff, not one that is up to date', async () => {
    const waiting = await startParent();
    const upToDate = await startParent();
    await advance(upToDate.id);
    const later = new Date(Date.now() + 60_000).toISOString();
    const swept = (await casesWithStaleInbox(cases, later)).map((ref) => ref.caseId);
    assert.ok(swept.includes(waiting.id));
    assert.ok(!swept.includes(upToDate.id));
    const earlier = new Date(Date.now() - 60_000).toISOString();
    assert.ok(!(await casesWithStaleInbox(cases, earlier)).some((ref) => ref.caseId === waiting.id));
  });

  it('rings a case it has just created as a first ring, and a case found by its business key as usual', async () => {
    const businessKey = `order-${randomUUID()}`;
    const created = await startParent(businessKey);
    assert.ok(firstRings.includes(created.id));
    const ringsBefore = rings.length;
    const found = await startParent(businessKey);
    assert.equal(found.id, created.id);
    assert.equal(rings.length, ringsBefore + 1);
    assert.equal(firstRings.filter((caseId) => caseId === created.id).length, 1);
  });
});

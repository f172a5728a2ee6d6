import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Container } from '@azure/cosmos';
import { InstanceStore } from '../../local/durable/instance-store.js';
import {
  createLocalCosmosClient,
  startEmulators,
  type RunningEmulators,
} from '../../local/emulators/index.js';
import { seedLocalResources } from '../../local/seed-resources.js';
import { localHostSettings } from '../../local/start-local-cloud.js';
import { caseInstanceId } from '../../shared/cases/doorbell.js';
import { cosmosContainers, cosmosDatabase, settings } from '../../shared/config/registry.js';
import { apiUser, eventually, type ApiUser } from '../support/caseflow-api.js';
import { flow } from '../support/flow-xml.js';
import { definitions } from '../support/models.js';
import { repositoryRoot } from '../support/paths.js';
import { makeTempDir } from '../support/temp-dir.js';
import { quickCaseSettings } from '../support/quick-case-settings.js';

const hostProcessScript = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  'support',
  'functions-host-process.js',
);

/** steps: first -> second -> third (user tasks) -> end. */
const model = definitions(`<bpmn:process id="steps" isExecutable="true">
  <bpmn:startEvent id="start" />${flow('f0', 'start', 'first')}
  <bpmn:userTask id="first" />${flow('f1', 'first', 'second')}
  <bpmn:userTask id="second" />${flow('f2', 'second', 'third')}
  <bpmn:userTask id="third" />${flow('f3', 'third', 'end')}
  <bpmn:endEvent id="end" />
</bpmn:process>`);

interface HostChild {
  child: ChildProcess;
  exited: Promise<unknown>;
  url: string;
}
interface TaskDocument {
  element: string;
  status: string;
}

describe('a case survives its Functions host killed (SIGKILL) and restarted on the same data', () => {
  const dataDir = makeTempDir('case-host-kill');
  let emulators: RunningEmulators;
  let cosmos: ReturnType<typeof createLocalCosmosClient>;
  let tasks: Container;
  let instances: InstanceStore;
  let hostSettings: Record<string, string>;
  let host: HostChild | undefined;
  const url = () => host?.url ?? 'http://127.0.0.1:9';

  async function startHost(crashAt?: string): Promise<HostChild> {
    const spec = JSON.stringify({
      appRoot: repositoryRoot,
      settings: { ...hostSettings, ...(crashAt ? { [settings.localCrashAt.name]: crashAt } : {}) },
    });
    const child = spawn(process.execPath, [hostProcessScript, spec], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = once(child, 'exit');
    const line = once(createInterface({ input: child.stdout! }), 'line') as Promise<[string]>;
    const first = await Promise.race([line, exited.then(() => undefined)]);
    assert.ok(first, 'the host came up');
    host = { child, exited, url: (JSON.parse(first[0]) as { url: string }).url };
    return host;
  }

  /** A host started with a crash point kills itself there: its exit, with a deadline. */
  async function crashed(running: HostChild): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise((resolve) => (timer = setTimeout(() => resolve('timed out'), 20_000)));
    const outcome = await Promise.race([running.exited, deadline]);
    clearTimeout(timer);
    if (outcome === 'timed out') await kill(running);
    assert.deepEqual(outcome, [null, 'SIGKILL'], 'the host reached its crash point');
  }

  /**
   * Waits until the case's orchestration has nothing in flight (no activity, retry, timer or event pending).
   * A task shows up while the advanceCase that created it still runs: a host killed then re-runs it on
   * restart, and a restarted host with a crash point would die there, not in the work the test sends it.
   */
  async function quiet(caseId: string): Promise<void> {
    await eventually(`the orchestration of case ${caseId} to wait`, async () => {
      const document = (await instances.read(caseInstanceId({ tenantId: 'contoso', caseId })))?.document;
      const idle =
        document?.runtimeStatus === 'Running' &&
        document.inbox.length === 0 &&
        document.activities.length === 0 &&
        document.retries.length === 0 &&
        document.timers.length === 0;
      return idle ? true : undefined;
    });
  }

  async function kill(running: HostChild): Promise<void> {
    running.child.kill('SIGKILL');
    await running.exited;
  }

  before(async () => {
    emulators = await startEmulators({ dataDir: dataDir.path, ports: 'free' });
    await seedLocalResources(emulators);
    cosmos = createLocalCosmosClient(emulators.cosmos);
    tasks = cosmos.database(cosmosDatabase.name).container(cosmosContainers.tasks.name);
    // The host's task hub: host.json names none, so the default (as Core Tools).
    instances = new InstanceStore(emulators.settings.AzureWebJobsStorage ?? '', 'TestHubName');
    hostSettings = await localHostSettings(
      {
        appRoot: repositoryRoot,
        dataDir: dataDir.path,
        settings: quickCaseSettings,
      },
      emulators,
    );
  });
  after(async () => {
    if (host) await kill(host);
    cosmos?.dispose();
    await emulators?.stop();
    dataDir.remove();
  });

  async function caseTasks(caseId: string): Promise<TaskDocument[]> {
    const { resources } = await tasks.items
      .query<TaskDocument>({
        query: 'SELECT c.element, c.status FROM c WHERE c.caseId = @id',
        parameters: [{ name: '@id', value: caseId }],
      })
      .fetchAll();
    return resources;
  }

  async function openTask(walter: ApiUser, caseId: string, element: string): Promise<string> {
    return eventually(`the open task ${element}`, async () => {
      const { items } = await walter.get<{ items: { id: string; caseId: string; element: string }[] }>(
        '/api/tasks?scope=involved',
      );
      return items.find((task) => task.caseId === caseId && task.element === element)?.id;
    });
  }

  /** Completes a task; the host may die (a crash point) before it answers, after the inbox write. */
  async function complete(walter: ApiUser, taskId: string, mayDie: boolean): Promise<void> {
    assert.equal((await walter.post(`/api/tasks/${taskId}/claim`)).status, 200);
    const completed = walter.post(`/api/tasks/${taskId}/complete`, { variables: { done: true } });
    if (!mayDie) {
      assert.equal((await completed).status, 200);
      return;
    }
    await completed.then(
      (response) => assert.equal(response.status, 200),
      () => undefined,
    );
  }

  it('goes on after kills from outside and inside advanceCase: no task twice, no event lost', async () => {
    await startHost();
    const dave = await apiUser(url, 'contoso', 'dave');
    assert.equal((await dave.send('POST', '/api/models', model, 'application/xml')).status, 201);
    const walter = await apiUser(url, 'contoso', 'walter');
    const started = await walter.post('/api/cases', { processKey: 'steps' });
    assert.equal(started.status, 201);
    const caseId = ((await started.json()) as { id: string }).id;
    const first = await openTask(walter, caseId, 'first');

    // Killed from outside while the case waits for a person; the task is done on the restarted host.
    await quiet(caseId);
    await kill(host!);
    await startHost();
    await complete(walter, first, false);
    const second = await openTask(walter, caseId, 'second');

    // Killed while advanceCase runs (it may have performed some commands), then after it finished but
    // before its result was recorded: each restart runs it again. The crash points count from the restart, so
    // the case must wait quietly when the host is killed: then the first activity is the completion's.
    await quiet(caseId);
    await kill(host!);
    const crashing = await startHost('activity-started:1');
    await complete(walter, second, true);
    await crashed(crashing);
    const again = await startHost('activity-finished:1');
    await crashed(again);
    await startHost();
    const third = await openTask(walter, caseId, 'third');
    await complete(walter, third, false);

    const ended = await eventually('the case to complete', async () => {
      const found = await walter.get<{ status: string }>(`/api/cases/${caseId}`);
      return found.status === 'completed' ? found : undefined;
    });
    assert.equal(ended.status, 'completed');
    assert.deepEqual((await caseTasks(caseId)).map((task) => `${task.element}:${task.status}`).sort(), [
      'first:completed',
      'second:completed',
      'third:completed',
    ]);
    const timeline = await walter.get<{ items: { kind: string; event?: string; element?: string }[] }>(
      `/api/cases/${caseId}/timeline`,
    );
    assert.deepEqual(
      timeline.items.map((entry) => entry.event ?? entry.element),
      [
        'start',
        'start',
        'userTaskCompleted',
        'first',
        'userTaskCompleted',
        'second',
        'userTaskCompleted',
        'third',
        'end',
      ],
    );
  });
});

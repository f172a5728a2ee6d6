import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { EventType } from '../../local/durable/history-events.js';
import { InstanceStore } from '../../local/durable/instance-store.js';
import { startAzurite, type RunningAzurite } from '../../local/emulators/azurite.js';
import { seededRandom } from '../support/seeded-random.js';
import { makeTempDir } from '../support/temp-dir.js';
import { finished, startDurableFixture } from './durable-fixture.js';

const hostProcessScript = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  'support',
  'durable-host-process.js',
);
const crashDeadlineMs = 20_000;

interface Started {
  id: string;
  name: string;
  input: unknown;
  check(output: unknown): void;
}

/** One batch: sequential activities, fan-out/fan-in, a one-second durable timer, sub-orchestrations. */
function batch(prefix: string): Started[] {
  const sequence = (n: number): Started => {
    const names = ['a', 'b', 'c', 'd'].map((letter) => `${prefix}-${n}${letter}`);
    return {
      id: `${prefix}-sequence-${n}`,
      name: 'sequence',
      input: names,
      check: (output) =>
        assert.deepEqual(
          output,
          names.map((name) => `Hello ${name}`),
        ),
    };
  };
  const fanOut = (n: number, count: number): Started => ({
    id: `${prefix}-fan-out-${n}`,
    name: 'fanOut',
    input: count,
    check: (output) => assert.equal(output, count * (count + 1)),
  });
  const timer = (n: number): Started => ({
    id: `${prefix}-timer-${n}`,
    name: 'timerThenHello',
    input: { name: `${prefix}-${n}`, delayMs: 1000 },
    check: (output) => assert.equal(output, `Hello ${prefix}-${n}`),
  });
  const parent = (n: number): Started => ({
    id: `${prefix}-parent-${n}`,
    name: 'parentOrch',
    input: null,
    check: (output) => {
      const { first, second, failure } = output as { first: unknown; second: unknown; failure: string };
      assert.deepEqual(first, ['Hello Child']);
      assert.deepEqual(second, ['Hello Named']);
      assert.match(failure, /Orchestrator function 'failing' failed: boom in orchestrator/);
    },
  });
  return [sequence(1), sequence(2), sequence(3), fanOut(1, 5), fanOut(2, 8), fanOut(3, 3)].concat(
    timer(1),
    timer(2),
    parent(1),
    parent(2),
  );
}

interface HostChild {
  child: ChildProcess;
  exited: Promise<[number | null, NodeJS.Signals | null]>;
  /** The host's URL, or undefined when it died while starting (a crash point reached during recovery). */
  url: string | undefined;
}

describe('local Durable backend: host process killed at crash points and at random moments', () => {
  const dataDir = makeTempDir('durable-kill');
  const appRoot = makeTempDir('durable-kill-app');
  let azurite: RunningAzurite;
  const started: Started[] = [];
  const random = seededRandom(20261127);

  before(async () => {
    azurite = await startAzurite({ dataDir: dataDir.path });
  });
  after(async () => {
    await azurite?.stop();
    appRoot.remove();
    dataDir.remove();
  });

  async function spawnHost(crashAt?: string): Promise<HostChild> {
    const child = spawn(
      process.execPath,
      [hostProcessScript, azurite.connectionString, appRoot.path, ...(crashAt ? [crashAt] : [])],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
    const line = once(createInterface({ input: child.stdout! }), 'line') as Promise<[string]>;
    const first = await Promise.race([line, exited.then(() => undefined)]);
    const url = first ? (JSON.parse(first[0]) as { url: string }).url : undefined;
    return { child, exited, url };
  }

  async function startBatch(url: string, prefix: string): Promise<void> {
    const instances = batch(prefix);
    await Promise.all(
      instances.map(async (instance) => {
        const response = await fetch(`${url}/api/client`, {
          method: 'POST',
          body: JSON.stringify({ op: 'start', name: instance.name, id: instance.id, input: instance.input }),
        });
        assert.equal(response.status, 200, `start of ${instance.id}`);
      }),
    );
    started.push(...instances);
  }

  async function kill(host: HostChild): Promise<void> {
    host.child.kill('SIGKILL');
    await host.exited;
  }

  // n-th occurrence in the restarted host, which first recovers the batch a killed host just started.
  const fixedPoints = [
    'step-before-write:3',
    'step-written:3',
    'activity-started:4',
    'activity-finished:4',
    'result-written:3',
    'timer-armed:1',
    'timer-fired:2',
  ];
  for (const crashAt of fixedPoints) {
    it(`kills itself at the crash point ${crashAt} while recovering a batch`, async () => {
      const starter = await spawnHost();
      assert.ok(starter.url, 'the starting host came up');
      await startBatch(starter.url, crashAt.replace(':', '-'));
      await kill(starter);
      const crashing = await spawnHost(crashAt);
      let deadline: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timed out'>((resolve) => {
        deadline = setTimeout(() => resolve('timed out'), crashDeadlineMs);
      });
      const outcome = await Promise.race([crashing.exited, timedOut]);
      clearTimeout(deadline);
      if (outcome === 'timed out') await kill(crashing);
      assert.deepEqual(outcome, [null, 'SIGKILL'], `the host reached ${crashAt} and killed itself`);
    });
  }

  for (const round of [1, 2, 3]) {
    const delayMs = Math.round(random() * 1500);
    it(`is killed from outside ${delayMs} ms after starting a batch (seeded random moment ${round})`, async () => {
      const host = await spawnHost();
      assert.ok(host.url, 'the host came up');
      await startBatch(host.url, `random-${round}`);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      await kill(host);
    });
  }

  it('completes every orchestration of every batch with the right output, no result recorded twice', async () => {
    const host = await startDurableFixture(azurite.connectionString);
    try {
      for (const instance of started) {
        const status = await host.waitFor(instance.id, finished);
        assert.equal(status.runtimeStatus, 'Completed', `${instance.id}: ${JSON.stringify(status.output)}`);
        instance.check(status.output);
      }
    } finally {
      await host.stop();
    }
    const store = new InstanceStore(azurite.connectionString, 'TestHubName');
    for (const instance of started) {
      const history = (await store.read(instance.id))?.document.history ?? [];
      const scheduled = history.filter((event) => event.EventType === EventType.TaskScheduled);
      const results = history.filter((event) => event.EventType === EventType.TaskCompleted);
      assert.deepEqual(
        results.map((event) => event['TaskScheduledId']).sort(),
        scheduled.map((event) => event.EventId).sort(),
        `${instance.id}: one result per scheduled activity`,
      );
    }
  });
});

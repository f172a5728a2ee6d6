import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { startAzurite, type RunningAzurite } from '../../local/emulators/azurite.js';
import { makeTempDir } from '../support/temp-dir.js';
import { startFixtureHost, type FixtureHost } from './fixture-host.js';

const hostProcessScript = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  'support',
  'entity-host-process.js',
);

interface EntityState {
  entityExists: boolean;
  entityState?: unknown;
}

/** Polls `probe` until `test` holds for its value, failing after a deadline (never a fixed sleep). */
async function until<T>(what: string, probe: () => Promise<T>, test: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = await probe();
    if (test(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`Timed out waiting for ${what}; last: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('local Durable entities', () => {
  const dataDir = makeTempDir('durable-entities');
  let azurite: RunningAzurite;
  let fixture: FixtureHost;

  const start = () =>
    startFixtureHost({ app: 'entity-app.js', settings: { AzureWebJobsStorage: azurite.connectionString } });
  const client = async (command: Record<string, unknown>) => {
    const response = await fetch(`${fixture.host.url}/api/client`, {
      method: 'POST',
      body: JSON.stringify(command),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
  };
  const read = async (key: string, name = 'counter') =>
    (await client({ op: 'read', name, key })).body as EntityState;
  const signal = (key: string, operation: string, input?: unknown, name = 'counter') =>
    client({ op: 'signal', name, key, operation, input });
  const runOrchestration = async (name: string, input: unknown) => {
    const { body } = await client({ op: 'start', name, input });
    const id = (body as { id: string }).id;
    return until(
      `orchestration ${name}`,
      async () => (await client({ op: 'status', id })).body as { runtimeStatus: string; output: unknown },
      (status) => ['Completed', 'Failed', 'Terminated'].includes(status.runtimeStatus),
    );
  };

  before(async () => {
    azurite = await startAzurite({ dataDir: dataDir.path });
    fixture = await start();
  });
  after(async () => {
    await fixture?.stop();
    await azurite?.stop();
    dataDir.remove();
  });

  it('runs entity functions instead of reporting them as not run', () => {
    assert.deepEqual(fixture.host.notRun, []);
  });

  it('reports an entity without state as not existing', async () => {
    assert.deepEqual(await read('never-used'), { entityExists: false });
  });

  it('applies client signals one at a time, in order, and reads the state back', async () => {
    const signals = Array.from({ length: 10 }, (_, index) => signal('ordered', 'add', index + 1));
    for (const response of await Promise.all(signals)) assert.equal(response.status, 202);
    const state = await until(
      'all signals applied',
      () => read('ordered'),
      (s) => s.entityState === 55,
    );
    assert.deepEqual(state, { entityExists: true, entityState: 55 });
  });

  it('keeps the order of signals from one sender', async () => {
    for (const line of ['one', 'two', 'three']) await signal('order', 'append', line, 'log');
    const state = await until(
      'three lines',
      () => read('order', 'log'),
      (s) => Array.isArray(s.entityState) && s.entityState.length === 3,
    );
    assert.deepEqual(state.entityState, ['one', 'two', 'three']);
  });

  it('lets an orchestration signal and call an entity, and get results and errors back', async () => {
    const status = await runOrchestration('useCounter', 'orchestrated');
    assert.equal(status.runtimeStatus, 'Completed');
    // The signal (5) was sent before the call (2), so the entity ran it first.
    assert.deepEqual(status.output, { value: 7, failed: true });
  });

  it('sends the signals of an orchestration that finishes in the same step', async () => {
    const status = await runOrchestration('signalAndFinish', 'finishing');
    assert.equal(status.output, 'signalled');
    const state = await until(
      'the signal applied',
      () => read('finishing'),
      (s) => s.entityExists,
    );
    assert.equal(state.entityState, 100);
  });

  it('delivers signals an entity sends to another entity', async () => {
    await signal('chained', 'addAndLog');
    const log = await until(
      'the log entry',
      () => read('chained', 'log'),
      (s) => s.entityExists,
    );
    assert.deepEqual(log.entityState, ['added to 0']);
    assert.equal((await read('chained')).entityState, 1);
  });

  it('deletes an entity whose operation destructs it', async () => {
    await signal('deleted', 'add', 1);
    await until(
      'the entity',
      () => read('deleted'),
      (s) => s.entityExists,
    );
    await signal('deleted', 'delete');
    await until(
      'the deletion',
      () => read('deleted'),
      (s) => !s.entityExists,
    );
  });

  const startLockedPair = async (key: string) => {
    const { body } = await client({ op: 'start', name: 'lockedPair', input: key });
    const id = (body as { id: string }).id;
    await until(
      'the locks taken',
      async () => (await client({ op: 'status', id })).body as { customStatus?: unknown },
      (status) => status.customStatus === 'locked',
    );
    return id;
  };
  const finishLockedPair = async (id: string) => {
    await client({ op: 'raise', id, name: 'go', input: true });
    return until(
      'the critical section',
      async () => (await client({ op: 'status', id })).body as { runtimeStatus: string; output: unknown },
      (status) => ['Completed', 'Failed', 'Terminated'].includes(status.runtimeStatus),
    );
  };
  const expectedPairOutput = { heldBoth: true, values: [1, 2], lockedAfterRelease: false };

  it('runs a critical section over two entities, holding back other requests until the release', async () => {
    const id = await startLockedPair('pair');
    // Stored while the orchestration holds the lock: it must not run before the orchestration's reads.
    assert.equal((await signal('pair-a', 'add', 100)).status, 202);
    const status = await finishLockedPair(id);
    assert.equal(status.runtimeStatus, 'Completed');
    assert.deepEqual(status.output, expectedPairOutput);
    const state = await until(
      'the held-back signal',
      () => read('pair-a'),
      (s) => s.entityState === 101,
    );
    assert.equal(state.entityState, 101);
    assert.equal((await read('pair-b')).entityState, 2);
  });

  it('keeps an entity lock across a host restart until its orchestration releases it', async () => {
    const id = await startLockedPair('held');
    assert.equal((await signal('held-b', 'add', 100)).status, 202);
    await fixture.stop();
    fixture = await start();
    const status = await finishLockedPair(id);
    assert.deepEqual(status.output, expectedPairOutput);
    const state = await until(
      'the held-back signal',
      () => read('held-b'),
      (s) => s.entityState === 102,
    );
    assert.equal(state.entityState, 102);
  });

  it('keeps entity state and queued operations across a host restart, and runs each operation once', async () => {
    await signal('restart', 'add', 1);
    await until(
      'the first operation',
      () => read('restart'),
      (s) => s.entityState === 1,
    );
    for (let n = 0; n < 20; n += 1) await signal('restart', 'add', 1);
    await fixture.stop();
    fixture = await start();
    const state = await until(
      'every operation',
      () => read('restart'),
      (s) => s.entityState === 21,
    );
    assert.equal(state.entityState, 21);
    // Nothing runs twice: the state stays where it is.
    await signal('restart', 'add', 0);
    await runOrchestration('signalAndFinish', 'after-restart');
    await until(
      'a later signal',
      () => read('after-restart'),
      (s) => s.entityExists,
    );
    assert.equal((await read('restart')).entityState, 21);
  });

  it('keeps queued operations when the host process is killed without warning, and applies each once', async () => {
    const appRoot = makeTempDir('entity-killed-host');
    try {
      const child = spawn(process.execPath, [hostProcessScript, azurite.connectionString, appRoot.path], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
      const { url } = JSON.parse(line) as { url: string };
      const killedClient = (command: Record<string, unknown>) =>
        fetch(`${url}/api/client`, { method: 'POST', body: JSON.stringify(command) });
      for (let n = 0; n < 5; n += 1) {
        await killedClient({ op: 'signal', key: 'killed', operation: 'addSlowly', input: 1 });
      }
      await until(
        'the first slow operation',
        async () => (await (await killedClient({ op: 'read', key: 'killed' })).json()) as EntityState,
        (state) => state.entityExists,
      );
      child.kill('SIGKILL');
      await once(child, 'exit');
      // The host that takes over is started after the kill (recovery runs at start).
      await fixture.stop();
      fixture = await start();
      const state = await until(
        'every slow operation',
        () => read('killed'),
        (s) => s.entityState === 5,
      );
      assert.equal(state.entityState, 5);
    } finally {
      appRoot.remove();
    }
  });
});

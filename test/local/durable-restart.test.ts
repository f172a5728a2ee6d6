import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startAzurite, type RunningAzurite } from '../../local/emulators/azurite.js';
import { makeTempDir } from '../support/temp-dir.js';
import { finished, startDurableFixture, type DurableStatus } from './durable-fixture.js';

const hostProcessScript = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  'support',
  'durable-host-process.js',
);

describe('local Durable backend across host restarts', () => {
  const dataDir = makeTempDir('durable-restart');
  let azurite: RunningAzurite;

  before(async () => {
    azurite = await startAzurite({ dataDir: dataDir.path });
  });
  after(async () => {
    await azurite?.stop();
    dataDir.remove();
  });

  /** Stops the host when the instance reaches `stage`, starts a new one on the same Azurite, waits for the end. */
  async function stopAt(instanceId: string, stage: string) {
    const first = await startDurableFixture(azurite.connectionString);
    try {
      await first.client({ op: 'start', name: 'restartable', id: instanceId });
      await first.waitFor(instanceId, (status) => status.customStatus === stage);
    } finally {
      await first.stop();
    }
    const second = await startDurableFixture(azurite.connectionString);
    try {
      return await second.waitFor(instanceId, finished);
    } finally {
      await second.stop();
    }
  }

  it('re-runs the activity that was running when the host stopped, and completes', async () => {
    const status = await stopAt('restart-during-activity', 'first-activity');
    assert.equal(status.runtimeStatus, 'Completed');
    assert.deepEqual(status.output, ['a', 'b']);
  });

  it('re-arms the durable timer that was pending when the host stopped, and completes', async () => {
    const status = await stopAt('restart-during-timer', 'timer');
    assert.equal(status.runtimeStatus, 'Completed');
    assert.deepEqual(status.output, ['a', 'b']);
  });

  it('resumes an orchestration after its host process was killed without warning', async () => {
    const appRoot = makeTempDir('durable-killed-host');
    try {
      const child = spawn(process.execPath, [hostProcessScript, azurite.connectionString, appRoot.path], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
      const { url } = JSON.parse(line) as { url: string };
      const client = async (command: Record<string, unknown>) => {
        const response = await fetch(`${url}/api/client`, { method: 'POST', body: JSON.stringify(command) });
        return (await response.json()) as unknown;
      };
      const id = 'killed-host';
      await client({ op: 'start', name: 'restartable', id });
      while (((await client({ op: 'status', id })) as DurableStatus).customStatus !== 'timer') {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      child.kill('SIGKILL');
      await once(child, 'exit');
      const next = await startDurableFixture(azurite.connectionString);
      try {
        const status = await next.waitFor(id, finished);
        assert.equal(status.runtimeStatus, 'Completed');
        assert.deepEqual(status.output, ['a', 'b']);
      } finally {
        await next.stop();
      }
    } finally {
      appRoot.remove();
    }
  });
});

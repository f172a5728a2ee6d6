import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startAzurite, type RunningAzurite } from '../../local/emulators/azurite.js';
import { makeTempDir } from '../support/temp-dir.js';
import { finished, startDurableFixture } from './durable-fixture.js';

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
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { QueueClient } from '@azure/storage-queue';
import { startAzurite, type RunningAzurite } from '../../local/emulators/azurite.js';
import { makeTempDir } from '../support/temp-dir.js';
import { finished, startDurableFixture, type DurableFixture } from './durable-fixture.js';

describe('durableClient input on every trigger kind', () => {
  const dataDir = makeTempDir('durable-client');
  let azurite: RunningAzurite;
  let fixture: DurableFixture;

  before(async () => {
    azurite = await startAzurite({ dataDir: dataDir.path });
    fixture = await startDurableFixture(azurite.connectionString);
  });
  after(async () => {
    await fixture?.stop();
    await azurite?.stop();
    dataDir.remove();
  });

  it('lets an activity start an orchestration through its client', async () => {
    const input = { name: 'sequence', id: 'started-by-activity', input: ['Bergen'] };
    const started = await fixture.client({ op: 'start', name: 'startsAnother', input });
    const parentId = (started.body as { id: string }).id;
    const parent = await fixture.waitFor(parentId, finished);
    assert.equal(parent.runtimeStatus, 'Completed', JSON.stringify(parent.output));
    assert.equal(parent.output, 'started-by-activity');
    const child = await fixture.waitFor('started-by-activity', finished);
    assert.deepEqual(child.output, ['Hello Bergen']);
  });

  it('lets a queue-triggered function raise an event on an orchestration through its client', async () => {
    const id = 'approval-from-queue';
    await fixture.client({ op: 'start', name: 'approval', id });
    await fixture.waitFor(id, (status) => status.runtimeStatus === 'Running');
    const queue = new QueueClient(azurite.connectionString, 'durable-client-events');
    await queue.createIfNotExists();
    const message = JSON.stringify({ id, event: 'decision', data: { approved: true } });
    await queue.sendMessage(Buffer.from(message).toString('base64'));
    const status = await fixture.waitFor(id, finished);
    assert.equal(status.output, 'approved');
  });
});

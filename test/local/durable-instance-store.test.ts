import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { InstanceConflictError, InstanceStore } from '../../local/durable/instance-store.js';
import { newInstanceDocument } from '../../local/durable/orchestration-step.js';
import { startAzurite, type RunningAzurite } from '../../local/emulators/azurite.js';
import { makeTempDir } from '../support/temp-dir.js';

describe('the local Durable instance store', () => {
  const dataDir = makeTempDir('durable-instance-store');
  let azurite: RunningAzurite;
  let store: InstanceStore;

  before(async () => {
    azurite = await startAzurite({ dataDir: dataDir.path });
    store = new InstanceStore(azurite.connectionString, 'StoreHub');
    await store.initialize();
  });
  after(async () => {
    await azurite.stop();
    dataDir.remove();
  });

  const document = (instanceId: string) =>
    newInstanceDocument(instanceId, 'caseOrchestration', '{"a":1}', new Date('2030-01-02T03:04:05Z'));

  it('creates an instance once and reads it back with the ETag of what was written', async () => {
    const created = document('case:1@contoso é');
    const etag = await store.write(created, undefined);
    const read = await store.read(created.instanceId);
    assert.deepEqual(read, { document: created, etag });
    await assert.rejects(store.write(created, undefined), InstanceConflictError);
    assert.equal(await store.read('never-written'), undefined);
  });

  it('writes over the ETag it read, and refuses a write over a stale one', async () => {
    const first = document('case-2');
    const etag = await store.write(first, undefined);
    const changed = { ...first, runtimeStatus: 'Running' as const };
    const next = await store.write(changed, etag);
    assert.notEqual(next, etag);
    await assert.rejects(store.write({ ...first, runtimeStatus: 'Completed' }, etag), InstanceConflictError);
    assert.equal((await store.read('case-2'))?.document.runtimeStatus, 'Running');
  });

  it('keeps the fields listings filter on in the blob metadata', async () => {
    const running = { ...document('listed-running'), runtimeStatus: 'Running' as const };
    await store.write(running, undefined);
    await store.write(document('listed-pending'), undefined);
    const page = await store.query({ instanceIdPrefix: 'listed-', runtimeStatus: ['Running'] });
    assert.deepEqual(
      page.instances.map((instance) => instance.instanceId),
      ['listed-running'],
    );
  });
});

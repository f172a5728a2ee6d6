import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TableClient } from '@azure/data-tables';
import { BlobServiceClient } from '@azure/storage-blob';
import { QueueClient } from '@azure/storage-queue';
import { startAzurite, type RunningAzurite } from '../../local/emulators/azurite.js';
import { makeTempDir } from '../support/temp-dir.js';

describe('local Azurite', () => {
  const dataDir = makeTempDir('azurite');
  let azurite: RunningAzurite;

  before(async () => {
    azurite = await startAzurite({ dataDir: dataDir.path });
  });
  after(async () => {
    await azurite.stop();
    dataDir.remove();
  });

  it('listens on free loopback ports, one per service', () => {
    const { blob, queue, table } = azurite.ports;
    assert.equal(new Set([blob, queue, table]).size, 3);
    for (const port of [blob, queue, table]) assert.ok(port > 0);
    assert.match(azurite.connectionString, new RegExp(`QueueEndpoint=http://127\\.0\\.0\\.1:${queue}/`));
  });

  it('carries queue messages through QueueClient', async () => {
    const queue = new QueueClient(azurite.connectionString, 'work-items');
    await queue.createIfNotExists();
    await queue.sendMessage('{"case":"c-1"}');
    const received = await queue.receiveMessages({ numberOfMessages: 1 });
    assert.equal(received.receivedMessageItems[0]?.messageText, '{"case":"c-1"}');
  });

  it('stores and returns blobs through BlobServiceClient', async () => {
    const container = BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient(
      'model-sources',
    );
    await container.createIfNotExists();
    await container.getBlockBlobClient('order.bpmn').upload('<definitions/>', 14);
    const text = (await container.getBlobClient('order.bpmn').downloadToBuffer()).toString('utf8');
    assert.equal(text, '<definitions/>');
  });

  it('stores and returns entities through TableClient', async () => {
    const table = TableClient.fromConnectionString(azurite.connectionString, 'leases', {
      allowInsecureConnection: true,
    });
    await table.createTable();
    await table.createEntity({ partitionKey: 'p', rowKey: 'r', owner: 'host-1' });
    const entity = await table.getEntity<{ owner: string }>('p', 'r');
    assert.equal(entity.owner, 'host-1');
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HostJson } from '../../local/host/host-config.js';
import { queueNameFrom, resolveAppSettings } from '../../local/host/binding-expressions.js';
import { toQueueOptions } from '../../local/host/queue-options.js';
import { toMessages } from '../../local/host/queue-output.js';
import { decodeMessage, encodeMessage, StorageQueues } from '../../local/host/storage-queues.js';

const withQueues = (queues: Record<string, unknown>): HostJson =>
  ({ extensions: { queues } }) as unknown as HostJson;

describe('queue trigger settings and message encoding', () => {
  it('applies the storage queues extension defaults', () => {
    assert.deepEqual(toQueueOptions({}), {
      batchSize: 16,
      newBatchThreshold: 8,
      maxPollingIntervalMs: 60_000,
      visibilityTimeoutMs: 0,
      maxDequeueCount: 5,
      messageEncoding: 'base64',
    });
  });

  it('reads host.json extensions.queues, capping the batch at 32 and accepting milliseconds', () => {
    const options = toQueueOptions(
      withQueues({
        batchSize: 64,
        newBatchThreshold: 0,
        maxPollingInterval: 2000,
        visibilityTimeout: '00:00:30',
        maxDequeueCount: 2,
        messageEncoding: 'none',
      }),
    );
    assert.deepEqual(options, {
      batchSize: 32,
      newBatchThreshold: 0,
      maxPollingIntervalMs: 2000,
      visibilityTimeoutMs: 30_000,
      maxDequeueCount: 2,
      messageEncoding: 'none',
    });
  });

  it('rejects invalid queue settings with the setting name', () => {
    assert.throws(() => toQueueOptions(withQueues({ batchSize: 0 })), /batchSize/);
    assert.throws(() => toQueueOptions(withQueues({ maxPollingInterval: 'soon' })), /maxPollingInterval/);
    assert.throws(() => toQueueOptions(withQueues({ messageEncoding: 'utf8' })), /messageEncoding/);
  });

  it('encodes and decodes base64 message text, and refuses text that is not base64', () => {
    assert.equal(encodeMessage(Buffer.from('héllo'), 'base64'), 'aMOpbGxv');
    assert.equal(decodeMessage('aMOpbGxv', 'base64'), 'héllo');
    assert.equal(decodeMessage('not base64!', 'base64'), undefined);
    assert.equal(decodeMessage('abc', 'base64'), undefined);
    assert.equal(decodeMessage('not base64!', 'none'), 'not base64!');
  });

  it('turns an output value into messages: a string as is, an array one per element, anything else as JSON', () => {
    const text = (data: Parameters<typeof toMessages>[0]) => toMessages(data).map((body) => body.toString());
    assert.deepEqual(text({ string: 'plain' }), ['plain']);
    assert.deepEqual(text({ json: '[1,"two",{"three":3}]' }), ['1', 'two', '{"three":3}']);
    assert.deepEqual(text({ json: '{"a":1}' }), ['{"a":1}']);
    assert.deepEqual(text({ int: 42 }), ['42']);
    assert.deepEqual(text({ bytes: Buffer.from('raw') }), ['raw']);
  });

  it("finds a binding's connection string by setting name, default AzureWebJobsStorage, or with the AzureWebJobs prefix", () => {
    const queues = new StorageQueues({
      AzureWebJobsStorage: 'default',
      AzureWebJobsOther: 'other',
      Mine: 'mine',
    });
    assert.equal(queues.connectionString(undefined), 'default');
    assert.equal(queues.connectionString('Mine'), 'mine');
    assert.equal(queues.connectionString('Other'), 'other');
    assert.equal(queues.connectionString('Missing'), undefined);
  });

  it('resolves %setting% in binding properties and checks queue names as the real host does', () => {
    const env = { QUEUE: 'Orders-In', HOUR: '2' };
    assert.equal(resolveAppSettings('0 0 %HOUR% * * *', env), '0 0 2 * * *');
    assert.throws(() => resolveAppSettings('%MISSING%', env), /'%MISSING%' does not resolve/);
    assert.equal(queueNameFrom('%QUEUE%', env), 'orders-in');
    for (const bad of ['ab', 'a'.repeat(64), 'two--dashes', '-leading', 'under_score']) {
      assert.throws(() => queueNameFrom(bad, env), /not a valid queue name/, bad);
    }
  });
});

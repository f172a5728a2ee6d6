import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { BlobServiceClient } from '@azure/storage-blob';
import { QueueClient } from '@azure/storage-queue';
import { startAzurite, type RunningAzurite } from '../../local/emulators/azurite.js';
import type { HostJson } from '../../local/host/host-config.js';
import { hostsContainer } from '../../local/host/timer-schedule-monitor.js';
import { startFixtureHost, type FixtureHost } from './fixture-host.js';

const hostJson: HostJson = {
  functionTimeout: '00:00:02',
  extensions: {
    queues: {
      batchSize: 4,
      maxPollingInterval: '00:00:00.200',
      maxDequeueCount: 3,
      visibilityTimeout: '00:00:00',
    },
  } as HostJson['extensions'],
};
const hostId = 'queue-timer-tests';

/** Polls `probe` until it returns a value, failing after a deadline (never a fixed sleep). */
async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  deadlineMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('local Functions host running queue and timer triggers on Azurite', () => {
  let dataDir: string;
  let azurite: RunningAzurite;
  let fixture: FixtureHost;
  const queue = (name: string) => new QueueClient(azurite.connectionString, name);
  const start = () =>
    startFixtureHost({
      app: 'queue-timer-app.js',
      hostJson,
      settings: {
        AzureWebJobsStorage: azurite.connectionString,
        AzureFunctionsWebHost__hostid: hostId,
        WORK_QUEUE: 'Work-Items',
      },
    });
  const send = async (name: string, text: string) => {
    await queue(name).createIfNotExists();
    await queue(name).sendMessage(Buffer.from(text).toString('base64'));
  };
  /** Takes every message of a queue that `accept` keeps, decoded, until `count` were found. */
  const take = async (name: string, count: number, accept: (text: string) => boolean = () => true) => {
    const found: string[] = [];
    return waitFor(`${count} message(s) on '${name}'`, async () => {
      await queue(name).createIfNotExists();
      // Messages left for another test become visible again soon.
      const { receivedMessageItems } = await queue(name).receiveMessages({
        numberOfMessages: 32,
        visibilityTimeout: 1,
      });
      for (const item of receivedMessageItems) {
        const text = Buffer.from(item.messageText, 'base64').toString('utf8');
        if (!accept(text)) continue;
        found.push(text);
        await queue(name).deleteMessage(item.messageId, item.popReceipt);
      }
      return found.length >= count ? found : undefined;
    });
  };
  const userLog = (prefix: string) => (entry: { category: string; message: string }) =>
    entry.category === 'user' && entry.message.startsWith(prefix);

  before(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'caseflow-queues-'));
    azurite = await startAzurite({ dataDir });
    fixture = await start();
  });
  after(async () => {
    await fixture?.stop();
    await azurite?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('runs queue and timer functions instead of reporting them as not run', () => {
    assert.deepEqual(fixture.host.notRun, []);
    assert.ok(fixture.host.listening.includes('on-work (queueTrigger)'));
    assert.ok(fixture.host.listening.includes('monitored (timerTrigger)'));
  });

  it('delivers a base64 message with its metadata, writes the outputs, then deletes the message', async () => {
    // The function's queue name is '%WORK_QUEUE%', the setting 'Work-Items'.
    const insertedAfter = Date.now() - 60_000;
    await send('work-items', JSON.stringify({ order: 7 }));
    const [result] = await take('results', 1, (text) => text.includes('"order"'));
    const seen = JSON.parse(result ?? '{}') as Record<string, unknown>;
    assert.deepEqual(seen.message, { order: 7 });
    assert.equal(seen.dequeueCount, 1);
    assert.equal(typeof seen.id, 'string');
    assert.equal(typeof seen.popReceipt, 'string');
    assert.ok(Date.parse(String(seen.insertionTime)) > insertedAfter);
    assert.ok(Date.parse(String(seen.expirationTime)) > Date.parse(String(seen.insertionTime)));
    assert.ok(Date.parse(String(seen.nextVisibleTime)) > Date.now());
    assert.deepEqual(await take('extra-results', 2), ['first extra', '{"second":"extra"}']);
    await waitFor('the message to be deleted', async () => {
      const properties = await queue('work-items').getProperties();
      return properties.approximateMessagesCount === 0 ? true : undefined;
    });
  });

  it('writes the queue output of an HTTP function that succeeded, base64-encoded, and not of one that failed', async () => {
    const post = (body: unknown) =>
      fetch(`${fixture.host.url}/api/enqueue`, { method: 'POST', body: JSON.stringify(body) });
    const failed = await post({ text: 'from a failed request', fail: true });
    assert.equal(failed.status, 500);
    const succeeded = await post({ text: 'from a request' });
    assert.equal(succeeded.status, 201);
    assert.equal(await succeeded.text(), 'queued');
    // take() decodes base64; only the successful request's message is there.
    assert.deepEqual(await take('http-results', 1), ['from a request']);
    const { receivedMessageItems } = await queue('http-results').receiveMessages({ numberOfMessages: 32 });
    assert.deepEqual(receivedMessageItems, []);
  });

  it('runs the messages of one batch at the same time', async () => {
    for (const n of [1, 2, 3, 4]) await send('batch-items', `item ${n}`);
    const results = await take('results', 4, (text) => text.includes('batched'));
    assert.deepEqual(results.map((text) => (JSON.parse(text) as { batched: string }).batched).sort(), [
      'item 1',
      'item 2',
      'item 3',
      'item 4',
    ]);
  });

  it('retries a failing message with a rising dequeue count, then moves it to the poison queue', async () => {
    await send('failing-items', 'cannot work');
    assert.deepEqual(await take('failing-items-poison', 1), ['cannot work']);
    const attempts = fixture.logs.filter(userLog('failing attempt')).map((entry) => entry.message);
    assert.deepEqual(attempts, ['failing attempt 1', 'failing attempt 2', 'failing attempt 3']);
    assert.ok(
      fixture.logs.some((entry) => entry.message.includes("Moving message to queue 'failing-items-poison'")),
    );
  });

  it('moves a message that is not valid base64 to the poison queue without running the function', async () => {
    await queue('failing-items').sendMessage('not base64!');
    const poisoned = await waitFor('the undecodable message in the poison queue', async () => {
      const { receivedMessageItems } = await queue('failing-items-poison').receiveMessages();
      return receivedMessageItems.find((item) => item.messageText === 'not base64!');
    });
    assert.equal(poisoned.messageText, 'not base64!');
    assert.equal(fixture.logs.filter(userLog('failing attempt')).length, 3);
  });

  it('makes the message of a handler that timed out visible again, and the retry succeeds', async () => {
    await send('hanging-items', 'slow');
    const [result] = await take('results', 1, (text) => text.includes('afterHang'));
    assert.deepEqual(JSON.parse(result ?? '{}'), { afterHang: 'slow', dequeueCount: 2 });
    assert.ok(
      fixture.logs.some((entry) =>
        /Timeout value of 00:00:02 exceeded by function 'Functions.hangs-once'/.test(entry.message),
      ),
    );
  });

  it('retries the message of a handler that crashed the worker, on a restarted worker', async () => {
    await send('crashing-items', 'crash');
    const [result] = await take('results', 1, (text) => text.includes('afterCrash'));
    assert.deepEqual(JSON.parse(result ?? '{}'), { afterCrash: 'crash', dequeueCount: 2 });
    assert.ok(fixture.logs.some((entry) => entry.message === 'The worker process was restarted.'));
  });

  it('fires a timer on its schedule with isPastDue false and no status when unmonitored', async () => {
    const tick = await fixture.waitForLog(userLog('every-second'));
    assert.equal(tick.message, 'every-second isPastDue=false status=null');
  });

  it('runs a runOnStartup timer once at start and writes its queue output', async () => {
    const run = await fixture.waitForLog(userLog('on-startup'));
    assert.match(run.message, /^on-startup isPastDue=false status=\{"last":/);
    assert.deepEqual(await take('timer-results', 1), ['started up']);
  });

  it('keeps a monitored schedule status in storage and reports a missed occurrence after a restart', async () => {
    await fixture.waitForLog(userLog('monitored'));
    await fixture.stop();
    const blob = BlobServiceClient.fromConnectionString(azurite.connectionString)
      .getContainerClient(hostsContainer)
      .getBlobClient(`timers/${hostId}/Host.Functions.monitored/status`);
    const status = JSON.parse((await blob.downloadToBuffer()).toString('utf8')) as {
      Last: string;
      Next: string;
    };
    assert.ok(Date.parse(status.Next) > Date.parse(status.Last));
    // The stopped host misses the next occurrence; wait (with a deadline) until it has passed.
    await waitFor('the missed occurrence', async () =>
      Date.now() > Date.parse(status.Next) + 100 ? true : undefined,
    );
    fixture = await start();
    const run = await fixture.waitForLog(userLog('monitored'));
    assert.match(run.message, /^monitored isPastDue=true status=/);
    const reported = JSON.parse(run.message.replace(/^.*status=/, '')) as { last: string; next: string };
    assert.equal(reported.next, status.Next);
  });
});

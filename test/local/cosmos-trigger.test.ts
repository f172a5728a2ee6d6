import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Container } from '@azure/cosmos';
import { createLocalCosmosClient } from '../../local/emulators/cosmos-client.js';
import { startCosmos, type RunningCosmos } from '../../local/emulators/cosmos.js';
import { ensureLocalCertificate, type LocalCertificate } from '../../local/emulators/local-certificate.js';
import type { HostLogEntry } from '../../local/host/host-log.js';
import { makeTempDir } from '../support/temp-dir.js';
import { startFixtureHost, type FixtureHost } from './fixture-host.js';

describe('local Functions host running Cosmos DB triggers on the change feed', () => {
  const dataDir = makeTempDir('cosmos-trigger');
  let certificate: LocalCertificate;
  let cosmos: RunningCosmos;
  let fixture: FixtureHost;
  let caFile: string;

  const container = async (id: string): Promise<Container> => {
    const client = createLocalCosmosClient(cosmos.connection);
    const { database } = await client.databases.createIfNotExists({ id: 'reports' });
    return (await database.containers.createIfNotExists({ id, partitionKey: { paths: ['/id'] } })).container;
  };
  const start = () =>
    startFixtureHost({
      app: 'cosmos-app.js',
      settings: {
        CosmosConnection: `AccountEndpoint=${cosmos.connection.endpoint};AccountKey=${cosmos.connection.key};`,
        CASEFLOW_LOCAL_CA_FILE: caFile,
      },
    });
  const userLogs = (prefix: string) =>
    fixture.logs
      .filter((entry) => entry.category === 'user' && entry.message.startsWith(prefix))
      .map((entry) => entry.message.slice(prefix.length));
  /** Waits (with a deadline) until the logs starting with `prefix` satisfy `test`. */
  const logsUntil = async (prefix: string, test: (lines: string[]) => boolean) => {
    const deadline = Date.now() + 20_000;
    while (!test(userLogs(prefix))) {
      if (Date.now() > deadline)
        throw new Error(`Timed out; '${prefix}' logs: ${userLogs(prefix).join(' | ')}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return userLogs(prefix);
  };

  before(async () => {
    certificate = await ensureLocalCertificate(dataDir.path);
    caFile = path.join(dataDir.path, 'ca.pem');
    writeFileSync(caFile, certificate.certPem);
    cosmos = await startCosmos({ dataDir: dataDir.path, certificate });
    const items = await container('items');
    // Written before the host starts: delivered because the function starts from the beginning.
    await items.items.create({ id: 'a', version: 1 });
    await items.items.create({ id: 'b', version: 1 });
    await container('flaky');
    await container('failing');
    fixture = await start();
  });
  after(async () => {
    await fixture?.stop();
    await cosmos?.stop();
    dataDir.remove();
  });

  it('listens for each Cosmos DB function, and reports the one whose lease container is missing', async () => {
    for (const name of ['project', 'retried', 'alwaysFails']) {
      assert.ok(fixture.host.listening.includes(`${name} (cosmosDBTrigger)`), name);
    }
    const reported = await until(() =>
      fixture.logs.find((entry: HostLogEntry) => entry.message.includes("lease container 'missing-leases'")),
    );
    assert.match(reported.message, /Function 'noLeases' cannot run: .*createLeaseContainerIfNotExists/);
  });

  it('delivers changes from the beginning, then new ones, the latest version of each in modification order', async () => {
    await logsUntil('project ', (lines) => lines.includes('a@1,b@1'));
    const items = await container('items');
    await fixture.stop();
    // While the host is down: c is created, then a is changed twice; b is left alone.
    await items.items.create({ id: 'c', version: 1 });
    await items.item('a', 'a').replace({ id: 'a', version: 2 });
    await items.item('a', 'a').replace({ id: 'a', version: 3 });
    fixture = await start();
    // The restarted host resumes after its checkpoint: nothing delivered before comes again.
    assert.deepEqual(await logsUntil('project ', (lines) => lines.length > 0), ['c@1,a@3']);
    for (const id of ['d', 'e', 'f', 'g']) await items.items.create({ id, version: 1 });
    const batches = await logsUntil('project ', (lines) => lines.join(',').includes('g@1'));
    // At most maxItemsPerInvocation (3) per batch, in order.
    assert.deepEqual(batches.slice(1).join(',').split(','), ['d@1', 'e@1', 'f@1', 'g@1']);
    assert.ok(batches.slice(1).every((batch) => batch.split(',').length <= 3));
  });

  it('retries a failed batch under the function retry policy, with the retry context', async () => {
    await (await container('flaky')).items.create({ id: 'x', version: 1 });
    const lines = await logsUntil('retried ', (found) => found.length >= 2);
    assert.deepEqual(lines, ['x@1 attempt 1 retryCount 0', 'x@1 attempt 2 retryCount 1']);
  });

  it('checkpoints a batch that failed without a retry policy, and goes on with the next changes', async () => {
    const failing = await container('failing');
    await failing.items.create({ id: 'p', version: 1 });
    await logsUntil('alwaysFails ', (lines) => lines.length >= 1);
    await failing.items.create({ id: 'q', version: 1 });
    assert.deepEqual(await logsUntil('alwaysFails ', (lines) => lines.length >= 2), ['p@1', 'q@1']);
    assert.ok(
      fixture.logs.some((entry) => /failed on a batch of 1 change\(s\) from 'failing'/.test(entry.message)),
    );
  });
});

async function until<T>(probe: () => T | undefined): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('Timed out.');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

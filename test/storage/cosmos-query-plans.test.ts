import assert from 'node:assert/strict';
import { Agent } from 'node:https';
import { after, before, describe, it } from 'node:test';
import { CosmosClient, type Container, type CosmosClientOptions, type PluginConfig } from '@azure/cosmos';
import { startCosmos, type RunningCosmos } from '../../local/emulators/cosmos.js';
import { ensureLocalCertificate } from '../../local/emulators/local-certificate.js';
import { skipSinglePartitionQueryPlans } from '../../shared/storage/cosmos-query-plans.js';
import { makeTempDir } from '../support/temp-dir.js';

interface Note {
  id: string;
  tenantId: string;
  rank: number;
}

describe('query plans of single-partition queries (on the local Cosmos DB)', () => {
  const dataDir = makeTempDir('cosmos-query-plans');
  let cosmos: RunningCosmos;
  let container: Container;
  /** Query-plan requests that reached the network. */
  const planRequests: string[] = [];
  const countPlans: PluginConfig = {
    on: 'request',
    plugin: (context, _diagnosticNode, next) => {
      if (context.headers?.['x-ms-cosmos-is-query-plan-request']) planRequests.push(context.path ?? '');
      return next(context);
    },
  };

  before(async () => {
    cosmos = await startCosmos({
      dataDir: dataDir.path,
      certificate: await ensureLocalCertificate(dataDir.path),
    });
    const options: CosmosClientOptions & { plugins: PluginConfig[] } = {
      endpoint: cosmos.connection.endpoint,
      key: cosmos.connection.key,
      agent: new Agent({ ca: cosmos.connection.caPem, keepAlive: true }),
      connectionPolicy: { enableEndpointDiscovery: false },
      plugins: [skipSinglePartitionQueryPlans, countPlans],
    };
    const { database } = await new CosmosClient(options).databases.createIfNotExists({ id: 'caseflow' });
    ({ container } = await database.containers.createIfNotExists({
      id: 'notes',
      partitionKey: { paths: ['/tenantId'] },
    }));
    for (const [index, tenantId] of ['a', 'b', 'a', 'b', 'a'].entries()) {
      await container.items.create<Note>({ id: `n-${index}`, tenantId, rank: 10 - index });
    }
  });
  after(async () => {
    await cosmos.stop();
    dataDir.remove();
  });

  it('runs a query within one partition key, ordered and paged, without asking for a query plan', async () => {
    planRequests.length = 0;
    const iterator = container.items.query<Note>(
      {
        query: 'SELECT * FROM c WHERE c.rank > @min ORDER BY c.rank',
        parameters: [{ name: '@min', value: 0 }],
      },
      { partitionKey: 'a', maxItemCount: 2 },
    );
    const first = await iterator.fetchNext();
    const second = await iterator.fetchNext();
    assert.deepEqual(
      [...first.resources, ...second.resources].map((note) => note.id),
      ['n-4', 'n-2', 'n-0'],
    );
    assert.deepEqual(planRequests, []);
  });

  it('still asks for the plan of a cross-partition query', async () => {
    planRequests.length = 0;
    const { resources } = await container.items.query<Note>('SELECT * FROM c WHERE c.rank >= 9').fetchAll();
    assert.deepEqual(resources.map((note) => note.id).sort(), ['n-0', 'n-1']);
    assert.equal(planRequests.length, 1);
  });
});

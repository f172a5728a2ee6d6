import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CosmosClient } from '@azure/cosmos';
import { createLocalCosmosClient } from '../../local/emulators/index.js';
import { startLocalCloud, type LocalCloud } from '../../local/start-local-cloud.js';
import type { DeliveryDocument } from '../../shared/cases/delivery-record-inbox.js';
import { cosmosContainers, cosmosDatabase } from '../../shared/config/registry.js';
import { TenantRepository } from '../../shared/storage/tenant-repository.js';
import { timerInstanceId } from '../../shared/timers/timer-performer.js';
import { repositoryRoot } from '../support/paths.js';
import { makeTempDir } from '../support/temp-dir.js';

describe('the case timer orchestration on the local cloud', () => {
  const dataDir = makeTempDir('case-timer');
  let cloud: LocalCloud;
  let cosmos: CosmosClient;

  before(async () => {
    cloud = await startLocalCloud({ appRoot: repositoryRoot, dataDir: dataDir.path, ports: 'free' });
    cosmos = createLocalCosmosClient(cloud.emulators.cosmos);
  });
  after(async () => {
    cosmos?.dispose();
    await cloud?.stop();
    dataDir.remove();
  });

  it('waits until the timer is due, then delivers timerFired to the case', async () => {
    const instanceId = timerInstanceId('contoso', 'case-timer', 'timer3');
    const due = new Date(Date.now() + 1000).toISOString();
    const started = await fetch(
      `${cloud.host.url}/runtime/webhooks/durabletask/orchestrators/caseTimer/${instanceId}`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ tenantId: 'contoso', caseId: 'case-timer', timer: 'timer3', due }),
      },
    );
    assert.equal(started.status, 202);
    const deliveries = new TenantRepository<DeliveryDocument>(
      cosmos.database(cosmosDatabase.name).container(cosmosContainers.cases.name),
      'contoso',
    );
    const deadline = Date.now() + 30_000;
    let delivered: DeliveryDocument[] = [];
    while (delivered.length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      delivered = await deliveries.queryAll({ where: "c.type = 'delivery' AND c.caseId = 'case-timer'" });
    }
    assert.deepEqual(
      delivered.map((delivery) => [delivery.event, delivery.idempotencyKey]),
      [[{ type: 'timerFired', timer: 'timer3' }, 'timer:timer3:fired']],
    );
    assert.ok(Date.parse(delivered[0]!.receivedAt) >= Date.parse(due), 'not before it is due');
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { seedDemoData, type DemoSeedResult } from '../../local/seed-demo.js';
import { startLocalCloud, type LocalCloud } from '../../local/start-local-cloud.js';
import { repositoryRoot } from '../support/paths.js';
import { makeTempDir } from '../support/temp-dir.js';

interface TaskView {
  caseId: string;
  businessKey?: string;
  element: string;
}

describe('the demo data npm start seeds', () => {
  const dataDir = makeTempDir('demo-data');
  let cloud: LocalCloud;
  let first: DemoSeedResult;

  before(async () => {
    cloud = await startLocalCloud({ appRoot: repositoryRoot, dataDir: dataDir.path, ports: 'free' });
    first = await seedDemoData(cloud.host.url, repositoryRoot);
  });
  after(async () => {
    await cloud?.stop();
    dataDir.remove();
  });

  async function get<T>(tenantId: string, userId: string, route: string): Promise<T> {
    const issued = await fetch(`${cloud.host.url}/api/dev/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tenantId, userId }),
    });
    const { accessToken } = (await issued.json()) as { accessToken: string };
    const response = await fetch(`${cloud.host.url}${route}`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    assert.equal(response.status, 200, `GET ${route}: ${await response.clone().text()}`);
    return (await response.json()) as T;
  }

  /** The review tasks offered to a worker, once there are `count` of them (polled with a deadline). */
  async function offeredReviews(tenantId: string, userId: string, count: number): Promise<TaskView[]> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const { items } = await get<{ items: TaskView[] }>(tenantId, userId, '/api/tasks?scope=offered');
      const reviews = items.filter((task) => task.element === 'review');
      if (reviews.length >= count) return reviews;
      if (Date.now() > deadline) assert.fail(`${userId}@${tenantId} sees ${reviews.length} review tasks`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  it('deploys the expense model and starts cases whose review tasks reach the demo workers', async () => {
    assert.ok(first.seeded);
    assert.deepEqual(
      first.tenants.map((tenant) => [tenant.tenantId, tenant.modelCreated, tenant.version]),
      [
        ['contoso', true, 1],
        ['fabrikam', true, 1],
      ],
    );
    assert.ok(first.tenants.every((tenant) => tenant.cases.every((demoCase) => demoCase.created)));
    const walters = await offeredReviews('contoso', 'walter', 3);
    assert.deepEqual(walters.map((task) => task.businessKey).sort(), ['EXP-1001', 'EXP-1002', 'EXP-1003']);
    const freds = await offeredReviews('fabrikam', 'fred', 2);
    assert.deepEqual(freds.map((task) => task.businessKey).sort(), ['EXP-2001', 'EXP-2002']);
  });

  it('seeds nothing twice when run again over the same data', async () => {
    const again = await seedDemoData(cloud.host.url, repositoryRoot);
    assert.ok(again.seeded && first.seeded);
    for (const [index, tenant] of again.tenants.entries()) {
      assert.equal(tenant.modelCreated, false);
      assert.equal(tenant.version, 1);
      assert.deepEqual(
        tenant.cases.map((demoCase) => [demoCase.caseId, demoCase.created]),
        first.tenants[index]!.cases.map((demoCase) => [demoCase.caseId, false]),
      );
    }
    const cases = await get<{ items: unknown[] }>(
      'contoso',
      'alice',
      '/api/cases?processKey=expense-approval',
    );
    assert.equal(cases.items.length, 3);
    const versions = await get<{ items: unknown[] }>(
      'contoso',
      'dave',
      '/api/processes/expense-approval/versions',
    );
    assert.equal(versions.items.length, 1);
    assert.equal((await offeredReviews('contoso', 'walter', 3)).length, 3);
  });
});

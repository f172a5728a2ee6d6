import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { settings } from '../../shared/config/registry.js';
import { startLocalCloud, type LocalCloud } from '../../local/start-local-cloud.js';
import { version } from '../../shared/version.js';
import { repositoryRoot } from '../support/paths.js';
import { makeTempDir } from '../support/temp-dir.js';

interface Health {
  status: string;
  version: string;
  dependencies?: { name: string; required: boolean; status: string; latencyMs?: number; reason?: string }[];
}

async function withCloud(
  name: string,
  overrides: Record<string, string>,
  use: (cloud: LocalCloud) => Promise<void>,
): Promise<void> {
  const dataDir = makeTempDir(name);
  const cloud = await startLocalCloud({
    appRoot: repositoryRoot,
    dataDir: dataDir.path,
    ports: 'free',
    settings: overrides,
  });
  try {
    await use(cloud);
  } finally {
    await cloud.stop();
    dataDir.remove();
  }
}

async function health(
  cloud: LocalCloud,
  userId?: string,
): Promise<{ status: number; body: Health; text: string }> {
  const headers: Record<string, string> = {};
  if (userId) {
    const issued = await fetch(`${cloud.host.url}/api/dev/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tenantId: 'contoso', userId }),
    });
    headers.authorization = `Bearer ${((await issued.json()) as { accessToken: string }).accessToken}`;
  }
  const response = await fetch(`${cloud.host.url}/api/health`, { headers });
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text) as Health, text };
}

const statuses = (body: Health) =>
  Object.fromEntries((body.dependencies ?? []).map((dependency) => [dependency.name, dependency.status]));

describe('GET /api/health on the local cloud', () => {
  it('answers 200 with every dependency up (details for admins only, no secrets)', async () => {
    await withCloud('health-up', {}, async (cloud) => {
      const anonymous = await health(cloud);
      assert.equal(anonymous.status, 200);
      assert.deepEqual(anonymous.body, { status: 'ok', version });
      for (const userId of ['walter', 'dave'])
        assert.deepEqual((await health(cloud, userId)).body, anonymous.body);

      const admin = await health(cloud, 'alice');
      assert.equal(admin.status, 200);
      assert.deepEqual(statuses(admin.body), {
        cosmosDb: 'up',
        blobStorage: 'up',
        queueStorage: 'up',
        keyVault: 'up',
        durableTaskHub: 'up',
        aiServices: 'not-configured',
      });
      for (const dependency of admin.body.dependencies ?? []) {
        if (dependency.status === 'up') assert.equal(typeof dependency.latencyMs, 'number', dependency.name);
      }
      const secrets = [
        cloud.emulators.settings[settings.storageConnection.name],
        cloud.emulators.settings[settings.cosmosKey.name],
        cloud.emulators.settings[settings.keyVaultLocalToken.name],
      ].filter((value): value is string => Boolean(value));
      assert.ok(secrets.length >= 2);
      for (const secret of secrets) assert.ok(!admin.text.includes(secret), 'a setting value leaked');
      assert.doesNotMatch(admin.text, /AccountKey|127\.0\.0\.1|localhost/);
    });
  });

  it('answers 503 when a required dependency is down, naming it for admins only', async () => {
    // A port nothing listens on: the vault is unreachable, everything else is up.
    await withCloud('health-down', { [settings.keyVaultUrl.name]: 'https://127.0.0.1:9/' }, async (cloud) => {
      const anonymous = await health(cloud);
      assert.equal(anonymous.status, 503);
      assert.deepEqual(anonymous.body, { status: 'unavailable', version });
      const admin = await health(cloud, 'alice');
      assert.equal(admin.status, 503);
      assert.equal(statuses(admin.body).keyVault, 'down');
      assert.equal(statuses(admin.body).cosmosDb, 'up');
      assert.doesNotMatch(admin.text, /127\.0\.0\.1/);
    });
  });
});

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { cosmosContainers, cosmosDatabase } from '../../shared/config/registry.js';
import { createLocalCosmosClient } from '../../local/emulators/index.js';
import { startLocalCloud } from '../../local/start-local-cloud.js';
import { repositoryRoot } from '../support/paths.js';
import { makeTempDir } from '../support/temp-dir.js';

describe('the local cloud (npm start)', () => {
  const dataDir = makeTempDir('local-cloud');
  after(() => dataDir.remove());

  it('serves the app with its emulators, creates the declared containers, and keeps data across restarts', async () => {
    const first = await startLocalCloud({ appRoot: repositoryRoot, dataDir: dataDir.path, ports: 'free' });
    try {
      const health = await fetch(`${first.host.url}/api/health`);
      assert.equal(health.status, 200);
      assert.deepEqual(
        first.seeded.cosmosContainers,
        Object.values(cosmosContainers).map((container) => container.name),
      );
      const cosmos = createLocalCosmosClient(first.emulators.cosmos);
      const cases = cosmos.database(cosmosDatabase.name).container(cosmosContainers.cases.name);
      await cases.items.create({ id: 'kept', tenantId: 'demo' });
      cosmos.dispose();
    } finally {
      await first.stop();
    }
    const second = await startLocalCloud({ appRoot: repositoryRoot, dataDir: dataDir.path, ports: 'free' });
    try {
      const cosmos = createLocalCosmosClient(second.emulators.cosmos);
      const cases = cosmos.database(cosmosDatabase.name).container(cosmosContainers.cases.name);
      const { resource } = await cases.item('kept', 'demo').read<{ id: string }>();
      cosmos.dispose();
      assert.equal(resource?.id, 'kept');
    } finally {
      await second.stop();
    }
  });

  it('prints where everything runs and stops cleanly on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      [path.join(repositoryRoot, 'dist', 'local', 'main.js'), '--free-ports', '--data-dir', dataDir.path],
      { cwd: repositoryRoot, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Press Ctrl-C to stop.')) resolve();
      });
      child.on('exit', () => reject(new Error(`npm start's entry exited early:\n${output}`)));
    });
    const hostUrl = /Functions host\s+(\S+)/.exec(output)?.[1];
    assert.ok(hostUrl, output);
    assert.equal((await fetch(`${hostUrl}/api/health`)).status, 200);
    assert.match(output, /Cosmos DB\s+https:\/\/127\.0\.0\.1:\d+\//);
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
  });
});

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createLocalCosmosClient } from '../../local/emulators/cosmos-client.js';
import type { LocalCosmosConnection } from '../../local/emulators/cosmos.js';
import { startCosmos } from '../../local/emulators/cosmos.js';
import { createLocalSecretClient } from '../../local/emulators/key-vault-client.js';
import { startKeyVault } from '../../local/emulators/key-vault.js';
import { ensureLocalCertificate } from '../../local/emulators/local-certificate.js';
import { makeTempDir } from '../support/temp-dir.js';

const childScript = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  'support',
  'https-emulators-process.js',
);

describe('local Cosmos DB and Key Vault killed without warning', () => {
  const dataDir = makeTempDir('kill');
  after(() => dataDir.remove());

  it('keep every write they acknowledged before the kill', async () => {
    const child = spawn(process.execPath, [childScript, dataDir.path], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
    const started = JSON.parse(line) as { cosmos: LocalCosmosConnection; vaultUrl: string };

    const cosmosBefore = createLocalCosmosClient(started.cosmos);
    const { database } = await cosmosBefore.databases.createIfNotExists({ id: 'caseflow' });
    const { container } = await database.containers.createIfNotExists({
      id: 'cases',
      partitionKey: { paths: ['/tenantId'] },
    });
    await container.items.create({ id: 'c-1', tenantId: 't-1', state: 'acknowledged' });
    await createLocalSecretClient(started.vaultUrl, started.cosmos.caPem).setSecret('kept', 'yes');

    child.kill('SIGKILL');
    await once(child, 'exit');

    const certificate = await ensureLocalCertificate(dataDir.path);
    const cosmos = await startCosmos({ dataDir: dataDir.path, certificate });
    const vault = await startKeyVault({ dataDir: dataDir.path, certificate });
    try {
      const cases = createLocalCosmosClient(cosmos.connection).database('caseflow').container('cases');
      const { resource } = await cases.item('c-1', 't-1').read<{ state: string }>();
      assert.equal(resource?.state, 'acknowledged');
      const secret = await createLocalSecretClient(vault.vaultUrl, certificate.certPem).getSecret('kept');
      assert.equal(secret.value, 'yes');
    } finally {
      await Promise.all([cosmos.stop(), vault.stop()]);
    }
  });
});

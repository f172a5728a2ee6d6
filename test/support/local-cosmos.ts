/** A Cosmos DB emulator of its own for one test file, with the app's database and the named containers. */
import type { Container } from '@azure/cosmos';
import { createLocalCosmosClient } from '../../local/emulators/cosmos-client.js';
import { startCosmos, type RunningCosmos } from '../../local/emulators/cosmos.js';
import { ensureLocalCertificate } from '../../local/emulators/local-certificate.js';
import { cosmosDatabase } from '../../shared/config/registry.js';
import { makeTempDir } from './temp-dir.js';

export interface LocalCosmos {
  container(name: string): Container;
  stop(): Promise<void>;
}

export async function startLocalCosmos(label: string, containers: readonly string[]): Promise<LocalCosmos> {
  const dataDir = makeTempDir(label);
  const cosmos: RunningCosmos = await startCosmos({
    dataDir: dataDir.path,
    certificate: await ensureLocalCertificate(dataDir.path),
  });
  const client = createLocalCosmosClient(cosmos.connection);
  const { database } = await client.databases.createIfNotExists({ id: cosmosDatabase.name });
  const created = new Map<string, Container>();
  for (const name of containers) {
    const { container } = await database.containers.createIfNotExists({
      id: name,
      partitionKey: { paths: ['/tenantId'] },
    });
    created.set(name, container);
  }
  return {
    container: (name) => created.get(name)!,
    async stop() {
      client.dispose();
      await cosmos.stop();
      dataDir.remove();
    },
  };
}

/**
 * Creates what the app expects to exist, as the Bicep templates do in Azure: the Cosmos database and
 * containers, blob containers and queues declared in shared/config/registry.ts. Idempotent, so every
 * `npm start` can run it against data kept from an earlier run.
 */
import { BlobServiceClient } from '@azure/storage-blob';
import { QueueServiceClient } from '@azure/storage-queue';
import {
  blobContainers,
  cosmosContainers,
  cosmosDatabase,
  settings,
  storageQueues,
} from '../shared/config/registry.js';
import { createLocalCosmosClient, type RunningEmulators } from './emulators/index.js';

export interface SeededResources {
  readonly cosmosContainers: string[];
  readonly blobContainers: string[];
  readonly queues: string[];
}

export async function seedLocalResources(emulators: RunningEmulators): Promise<SeededResources> {
  const cosmos = createLocalCosmosClient(emulators.cosmos);
  try {
    const { database } = await cosmos.databases.createIfNotExists({ id: cosmosDatabase.name });
    for (const container of Object.values(cosmosContainers)) {
      await database.containers.createIfNotExists({
        id: container.name,
        partitionKey: { paths: [container.partitionKey] },
        // The emulator never expires items (the code filters on expiry times); set as in Azure anyway.
        ...('defaultTtl' in container ? { defaultTtl: container.defaultTtl } : {}),
      });
    }
  } finally {
    cosmos.dispose();
  }
  const storage = emulators.settings[settings.storageConnection.name] ?? '';
  const blobs = BlobServiceClient.fromConnectionString(storage);
  for (const container of Object.values(blobContainers)) {
    await blobs.getContainerClient(container.name).createIfNotExists();
  }
  const queues = QueueServiceClient.fromConnectionString(storage);
  const queueNames = Object.values(storageQueues as Record<string, { name: string }>).map(
    (queue) => queue.name,
  );
  for (const name of queueNames) await queues.getQueueClient(name).createIfNotExists();
  return {
    cosmosContainers: Object.values(cosmosContainers).map((container) => container.name),
    blobContainers: Object.values(blobContainers).map((container) => container.name),
    queues: queueNames,
  };
}

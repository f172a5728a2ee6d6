/**
 * The app's long-lived clients and per-request services, created on first use so a worker that never serves
 * a Models request never connects to Cosmos DB. Settings come from the registry.
 */
import type { Database } from '@azure/cosmos';
import type { BlobServiceClient } from '@azure/storage-blob';
import { blobContainers, cosmosContainers } from '../../shared/config/registry.js';
import { devAuthSecret, devTokenValidator } from '../../shared/identity/dev-tokens.js';
import type { TokenValidator } from '../../shared/identity/token-validator.js';
import type { DefinitionsContainerDocument } from '../../shared/models/documents.js';
import { ModelsService } from '../../shared/models/models-service.js';
import { createBlobServiceClient, createCosmosDatabase } from '../../shared/storage/clients.js';
import { ModelSourceStore } from '../../shared/storage/model-source-store.js';
import { TenantRepository } from '../../shared/storage/tenant-repository.js';

let database: Database | undefined;
let blobs: BlobServiceClient | undefined;

/** How this deployment validates bearer tokens; none (every request 401) until Entra ID validation exists. */
export function requestTokenValidator(): TokenValidator | undefined {
  const secret = devAuthSecret();
  return secret ? devTokenValidator(secret, () => Math.floor(Date.now() / 1000)) : undefined;
}

export function modelsService(tenantId: string): ModelsService {
  database ??= createCosmosDatabase();
  blobs ??= createBlobServiceClient();
  return new ModelsService(
    new TenantRepository<DefinitionsContainerDocument>(
      database.container(cosmosContainers.definitions.name),
      tenantId,
    ),
    new ModelSourceStore(blobs.getContainerClient(blobContainers.modelSources.name)),
    () => new Date(),
  );
}

/**
 * The app's long-lived clients and per-request services, created on first use so a worker that never serves
 * a Models request never connects to Cosmos DB. Settings come from the registry.
 */
import type { Database } from '@azure/cosmos';
import type { BlobServiceClient, ContainerClient } from '@azure/storage-blob';
import type { JsonWebKey } from 'node:crypto';
import { blobContainers, cosmosContainers, readOptionalSetting } from '../../shared/config/registry.js';
import { devAuthSecret, devTokenValidator } from '../../shared/identity/dev-tokens.js';
import { entraKeysUrl, entraTokenValidator } from '../../shared/identity/entra-token-validator.js';
import type { RequestAuthentication } from '../../shared/identity/request-authentication.js';
import type { TokenValidator } from '../../shared/identity/token-validator.js';
import type { DefinitionsContainerDocument } from '../../shared/models/documents.js';
import { ModelsService } from '../../shared/models/models-service.js';
import { BlobAttachmentBytes } from '../../shared/storage/blob-attachment-bytes.js';
import { createBlobServiceClient, createCosmosDatabase } from '../../shared/storage/clients.js';
import { ModelSourceStore } from '../../shared/storage/model-source-store.js';
import { TenantRepository } from '../../shared/storage/tenant-repository.js';

let database: Database | undefined;
let blobs: BlobServiceClient | undefined;

let entra: TokenValidator | undefined;
const nowSeconds = () => Math.floor(Date.now() / 1000);

/**
 * How this deployment validates bearer tokens: development tokens when CASEFLOW_DEV_AUTH is on (local),
 * else Entra ID tokens when a tenant and audience are configured, else none (every request 401).
 */
export function requestTokenValidator(): TokenValidator | undefined {
  const secret = devAuthSecret();
  if (secret) return devTokenValidator(secret, nowSeconds);
  const tenantId = readOptionalSetting('entraTenantId');
  const audience = readOptionalSetting('entraAudience');
  if (!tenantId || !audience) return undefined;
  // One validator per worker, so the signing keys are fetched once and cached.
  entra ??= entraTokenValidator({
    tenantId,
    audience,
    fetchKeys: () => fetchSigningKeys(tenantId),
    now: nowSeconds,
  });
  return entra;
}

/**
 * How this deployment authenticates requests: bearer tokens (above), and App Service authentication's
 * principal header when CASEFLOW_APP_SERVICE_AUTH is `true` (for the Entra tenant CASEFLOW_ENTRA_TENANT_ID).
 */
export function requestAuthentication(): RequestAuthentication {
  const tokens = requestTokenValidator();
  if (readOptionalSetting('appServiceAuth') !== 'true') return { tokens };
  return { tokens, appService: { entraTenantId: readOptionalSetting('entraTenantId') } };
}

async function fetchSigningKeys(tenantId: string): Promise<JsonWebKey[]> {
  const response = await fetch(entraKeysUrl(tenantId));
  if (!response.ok) throw new Error(`Entra ID signing keys: HTTP ${response.status}`);
  return ((await response.json()) as { keys: JsonWebKey[] }).keys;
}

/** The app's one Cosmos DB database client, connected on first use. */
export function appDatabase(): Database {
  database ??= createCosmosDatabase();
  return database;
}

export function modelSourceStore(): ModelSourceStore {
  blobs ??= createBlobServiceClient();
  return new ModelSourceStore(blobs.getContainerClient(blobContainers.modelSources.name));
}

export function attachmentBytes(): BlobAttachmentBytes {
  return new BlobAttachmentBytes(caseAttachmentsContainer());
}

/** The `case-attachments` blob container (attachment bytes, email's case files). */
export function caseAttachmentsContainer(): ContainerClient {
  blobs ??= createBlobServiceClient();
  return blobs.getContainerClient(blobContainers.caseAttachments.name);
}

export function definitionsRepository(tenantId: string): TenantRepository<DefinitionsContainerDocument> {
  return new TenantRepository(appDatabase().container(cosmosContainers.definitions.name), tenantId);
}

export function modelsService(tenantId: string): ModelsService {
  return new ModelsService(definitionsRepository(tenantId), modelSourceStore(), () => new Date());
}

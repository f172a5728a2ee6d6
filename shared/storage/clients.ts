/**
 * The app's Cosmos DB, Blob Storage, Queue Storage and Key Vault clients, built from registry settings. Locally they use the emulator
 * key and connection string (and trust the local CA file for Cosmos only); in Azure they authenticate as the
 * app's managed identity through DefaultAzureCredential, which picks the user-assigned identity from the
 * platform's AZURE_CLIENT_ID app setting.
 */
import { readFileSync } from 'node:fs';
import { Agent } from 'node:https';
import { CosmosClient, type CosmosClientOptions, type Database, type PluginConfig } from '@azure/cosmos';
import type { TokenCredential } from '@azure/core-auth';
import { DefaultAzureCredential } from '@azure/identity';
import { SecretClient } from '@azure/keyvault-secrets';
import { BlobServiceClient } from '@azure/storage-blob';
import { QueueServiceClient } from '@azure/storage-queue';
import { skipSinglePartitionQueryPlans } from './cosmos-query-plans.js';
import {
  cosmosDatabase,
  readOptionalSetting,
  readQueueServiceUri,
  readSetting,
  readStorageConnection,
} from '../config/registry.js';

export function createCosmosDatabase(): Database {
  const endpoint = readSetting('cosmosEndpoint');
  const key = readOptionalSetting('cosmosKey');
  const caFile = readOptionalSetting('localCaFile');
  const options: CosmosClientOptions & { plugins: PluginConfig[] } = {
    endpoint,
    ...(key ? { key } : { aadCredentials: new DefaultAzureCredential() }),
    ...(caFile ? { agent: new Agent({ ca: readFileSync(caFile), keepAlive: true }) } : {}),
    // The emulator serves one region and no discovery document worth following.
    ...(key ? { connectionPolicy: { enableEndpointDiscovery: false } } : {}),
    plugins: [skipSinglePartitionQueryPlans],
  };
  return new CosmosClient(options).database(cosmosDatabase.name);
}

export function createBlobServiceClient(): BlobServiceClient {
  const connection = readStorageConnection();
  return connection.kind === 'connection-string'
    ? BlobServiceClient.fromConnectionString(connection.connectionString)
    : new BlobServiceClient(connection.blobServiceUri, new DefaultAzureCredential());
}

export function createQueueServiceClient(): QueueServiceClient {
  const connection = readStorageConnection();
  return connection.kind === 'connection-string'
    ? QueueServiceClient.fromConnectionString(connection.connectionString)
    : new QueueServiceClient(readQueueServiceUri(), new DefaultAzureCredential());
}

/**
 * The app's Key Vault secrets client. Locally the static token of the local Key Vault (the setting is local
 * only), its certificate trusted by this client alone, and no check that the challenge names a real Azure
 * resource; in Azure the managed identity.
 */
export function createSecretClient(): SecretClient {
  const vaultUrl = readSetting('keyVaultUrl');
  const localToken = readOptionalSetting('keyVaultLocalToken');
  if (!localToken) return new SecretClient(vaultUrl, new DefaultAzureCredential());
  const caFile = readOptionalSetting('localCaFile');
  const credential: TokenCredential = {
    getToken: () => Promise.resolve({ token: localToken, expiresOnTimestamp: Date.now() + 3600_000 }),
  };
  return new SecretClient(vaultUrl, credential, {
    disableChallengeResourceVerification: true,
    ...(caFile ? { tlsOptions: { ca: readFileSync(caFile, 'utf8') } } : {}),
  });
}

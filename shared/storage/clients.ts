/**
 * The app's Cosmos DB and Blob Storage clients, built from registry settings. Locally they use the emulator
 * key and connection string (and trust the local CA file for Cosmos only); in Azure they authenticate as the
 * app's managed identity through DefaultAzureCredential, which picks the user-assigned identity from the
 * platform's AZURE_CLIENT_ID app setting.
 */
import { readFileSync } from 'node:fs';
import { Agent } from 'node:https';
import { CosmosClient, type Database } from '@azure/cosmos';
import { DefaultAzureCredential } from '@azure/identity';
import { BlobServiceClient } from '@azure/storage-blob';
import { QueueServiceClient } from '@azure/storage-queue';
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
  const client = new CosmosClient({
    endpoint,
    ...(key ? { key } : { aadCredentials: new DefaultAzureCredential() }),
    ...(caFile ? { agent: new Agent({ ca: readFileSync(caFile), keepAlive: true }) } : {}),
    // The emulator serves one region and no discovery document worth following.
    ...(key ? { connectionPolicy: { enableEndpointDiscovery: false } } : {}),
  });
  return client.database(cosmosDatabase.name);
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

import { CosmosClient } from '@azure/cosmos';
import { Agent } from 'node:https';
import type { LocalCosmosConnection } from './cosmos.js';

/**
 * A CosmosClient for the local emulator: it trusts the emulator's certificate through its own agent only, and
 * stays on the given endpoint (the emulator has a single region). The app's storage adapter does the same from
 * the settings `CASEFLOW_COSMOS_ENDPOINT`, `CASEFLOW_COSMOS_KEY` and `CASEFLOW_LOCAL_CA_FILE`.
 */
export function createLocalCosmosClient(connection: LocalCosmosConnection): CosmosClient {
  return new CosmosClient({
    endpoint: connection.endpoint,
    key: connection.key,
    agent: new Agent({ ca: connection.caPem, keepAlive: true }),
    connectionPolicy: { enableEndpointDiscovery: false },
  });
}

/**
 * The connector services of the Functions app: the `connectors` container, Key Vault for their secrets,
 * one OAuth token cache per worker (so tokens are reused across calls), and the environment whose values
 * this deployment uses.
 */
import { cosmosContainers, readSetting } from '../shared/config/registry.js';
import { ConnectorClient } from '../shared/connectors/connector-client.js';
import {
  deploymentEnvironments,
  type ConnectorDocument,
  type DeploymentEnvironment,
} from '../shared/connectors/connector-document.js';
import { ConnectorsService } from '../shared/connectors/connectors-service.js';
import { OAuthTokenCache } from '../shared/connectors/oauth-token-cache.js';
import { CaseflowError } from '../shared/errors/caseflow-error.js';
import { createSecretClient } from '../shared/storage/clients.js';
import { KeyVaultSecretStore } from '../shared/storage/key-vault-secret-store.js';
import { TenantRepository } from '../shared/storage/tenant-repository.js';
import { appDatabase } from './http/app-services.js';

let client: ConnectorClient | undefined;
let secrets: KeyVaultSecretStore | undefined;
const clock = () => new Date();

export function connectorRepository(tenantId: string): TenantRepository<ConnectorDocument> {
  return new TenantRepository<ConnectorDocument>(
    appDatabase().container(cosmosContainers.connectors.name),
    tenantId,
  );
}

function secretStore(): KeyVaultSecretStore {
  secrets ??= new KeyVaultSecretStore(createSecretClient());
  return secrets;
}

export function connectorClient(): ConnectorClient {
  client ??= new ConnectorClient({
    connectors: connectorRepository,
    secrets: secretStore(),
    tokens: new OAuthTokenCache(() => Date.now()),
    environment: deploymentEnvironment(),
    clock,
  });
  return client;
}

export function connectorsService(tenantId: string): ConnectorsService {
  return new ConnectorsService(connectorRepository(tenantId), secretStore(), connectorClient(), clock);
}

function deploymentEnvironment(): DeploymentEnvironment {
  const value = readSetting('deploymentEnvironment');
  if (!(deploymentEnvironments as readonly string[]).includes(value)) {
    throw new CaseflowError(
      'config.invalid-setting',
      `Setting CASEFLOW_ENVIRONMENT must be one of ${deploymentEnvironments.join(', ')}.`,
      { setting: 'CASEFLOW_ENVIRONMENT' },
    );
  }
  return value as DeploymentEnvironment;
}

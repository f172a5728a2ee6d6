/**
 * A connector as the API shows it: everything but secrets, of which only whether one is set
 * (`passwordSet`, `tokenSet`, `keySet`, `clientSecretSet`), and the ETag for `If-Match`.
 */
import type { Stored } from '../storage/tenant-repository.js';
import {
  deploymentEnvironments,
  secretOf,
  type ConnectorAuthentication,
  type ConnectorDocument,
} from './connector-document.js';

export function connectorView(connector: Stored<ConnectorDocument>) {
  const environments: Record<string, unknown> = {};
  for (const environment of deploymentEnvironments) {
    const values = connector.environments[environment];
    if (values)
      environments[environment] = {
        baseUrl: values.baseUrl,
        authentication: authenticationView(values.authentication),
      };
  }
  return {
    id: connector.id,
    ...(connector.description !== undefined ? { description: connector.description } : {}),
    headers: connector.headers,
    timeoutMs: connector.timeoutMs,
    environments,
    operations: connector.operations,
    createdAt: connector.createdAt,
    updatedAt: connector.updatedAt,
    updatedBy: connector.updatedBy,
    etag: connector._etag,
  };
}

function authenticationView(auth: ConnectorAuthentication): Record<string, unknown> {
  const secret = secretOf(auth);
  const visible = Object.fromEntries(Object.entries(auth).filter(([key]) => key !== secret?.field));
  return secret ? { ...visible, [`${secret.field}Set`]: true } : visible;
}

/**
 * Connector secrets in Key Vault through `@azure/keyvault-secrets` (the local Key Vault speaks the same
 * protocol). A missing secret reads as `undefined`; deleting starts Key Vault's soft delete and does not
 * wait for it.
 */
import type { SecretClient } from '@azure/keyvault-secrets';
import type { SecretStore } from '../connectors/secret-store.js';

export class KeyVaultSecretStore implements SecretStore {
  constructor(private readonly client: SecretClient) {}

  async get(name: string): Promise<string | undefined> {
    try {
      return (await this.client.getSecret(name)).value;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async set(name: string, value: string): Promise<void> {
    await this.client.setSecret(name, value, { contentType: 'caseflow-connector-secret' });
  }

  async delete(name: string): Promise<void> {
    try {
      await this.client.beginDeleteSecret(name);
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }
}

function isNotFound(error: unknown): boolean {
  return (error as { statusCode?: number }).statusCode === 404;
}

import type { AccessToken, TokenCredential } from '@azure/core-auth';

/** The one bearer token the local Key Vault accepts. It guards nothing: the vault listens on loopback only. */
export const localKeyVaultToken = 'caseflow-local-key-vault';

/** A credential for clients of the local Key Vault: always the same token, no identity service involved. */
export const localKeyVaultCredential: TokenCredential = {
  getToken: (): Promise<AccessToken> =>
    Promise.resolve({ token: localKeyVaultToken, expiresOnTimestamp: Date.now() + 60 * 60 * 1000 }),
};

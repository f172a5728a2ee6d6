import { SecretClient } from '@azure/keyvault-secrets';
import { localKeyVaultCredential } from './key-vault-credential.js';

/**
 * A SecretClient for the local Key Vault: static local token, the emulator's certificate trusted by this client
 * only, and no check that the challenge names a real Azure resource (its authority is not a real tenant).
 */
export function createLocalSecretClient(vaultUrl: string, caPem: string): SecretClient {
  return new SecretClient(vaultUrl, localKeyVaultCredential, {
    disableChallengeResourceVerification: true,
    tlsOptions: { ca: caPem },
  });
}

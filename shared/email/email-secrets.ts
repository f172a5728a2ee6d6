/**
 * The email secrets from settings. In Azure they are Key Vault references; a reference the platform could
 * not resolve stays in the setting as its own text (`@Microsoft.KeyVault(...)`), which must never serve as
 * a key, so it counts as unset. Short secrets are refused for the same reason.
 */
const minSecretLength = 16;

export function usableSecret(value: string | undefined): string | undefined {
  if (value === undefined || value.startsWith('@Microsoft.KeyVault(') || value.length < minSecretLength) {
    return undefined;
  }
  return value;
}

/** Where connector secret values live (Key Vault in the app); callers hold only the names. */
export interface SecretStore {
  /** The secret's current value, or `undefined` when there is no such secret. */
  get(name: string): Promise<string | undefined>;
  set(name: string, value: string): Promise<void>;
  /** Deletes the secret; a missing one is fine. */
  delete(name: string): Promise<void>;
}

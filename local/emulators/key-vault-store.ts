/**
 * The secrets of the local Key Vault, with their versions and the soft-deleted ones, kept in
 * `<dataDir>/key-vault/secrets.json`, rewritten atomically on every change (before the client gets its answer).
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomically } from './atomic-file.js';

export interface SecretVersion {
  readonly version: string;
  readonly value: string;
  contentType?: string;
  tags?: Record<string, string>;
  enabled: boolean;
  notBefore?: number;
  expires?: number;
  /** Unix seconds, as Key Vault reports them. */
  readonly created: number;
  updated: number;
}

export interface DeletedSecret {
  /** Oldest first; the last one is the current version. */
  readonly versions: SecretVersion[];
  readonly deletedDate: number;
  readonly scheduledPurgeDate: number;
}

interface StoredVault {
  readonly secrets: Record<string, SecretVersion[]>;
  readonly deleted: Record<string, DeletedSecret>;
}

export class KeyVaultStore {
  readonly secrets = new Map<string, SecretVersion[]>();
  readonly deleted = new Map<string, DeletedSecret>();
  private readonly file: string;

  constructor(dataDir: string) {
    this.file = path.join(dataDir, 'key-vault', 'secrets.json');
    mkdirSync(path.dirname(this.file), { recursive: true });
    if (existsSync(this.file)) {
      const stored = JSON.parse(readFileSync(this.file, 'utf8')) as StoredVault;
      for (const [name, versions] of Object.entries(stored.secrets)) this.secrets.set(name, versions);
      for (const [name, deleted] of Object.entries(stored.deleted)) this.deleted.set(name, deleted);
    }
  }

  save(): void {
    const stored: StoredVault = {
      secrets: Object.fromEntries(this.secrets),
      deleted: Object.fromEntries(this.deleted),
    };
    writeFileAtomically(this.file, JSON.stringify(stored, null, 2));
  }
}

/**
 * Read-modify-write of one document under its ETag, re-reading and re-deciding when someone else wrote in
 * between, so concurrent callers never overwrite each other's change.
 */
import { CaseflowError } from '../errors/caseflow-error.js';
import type { Stored, TenantDocument, TenantRepository, Unowned } from './tenant-repository.js';

/** Lost races before giving up, unless the caller expects more racers (each lost race is a change that won). */
const defaultMaxAttempts = 5;

/**
 * `change` gets the current document and returns its replacement, or `undefined` to leave it as it is (it
 * may also throw to refuse). Returns the stored result, or `undefined` when there is no such document.
 * `known` is the document as the caller has just read it: the first attempt starts from it instead of
 * reading it again (a stale one only costs the retry that re-reads).
 */
export async function updateWithEtag<T extends TenantDocument>(
  repository: TenantRepository<T>,
  id: string,
  change: (current: Stored<T>) => Unowned<T> | undefined | Promise<Unowned<T> | undefined>,
  known?: Stored<T>,
  maxAttempts = defaultMaxAttempts,
): Promise<Stored<T> | undefined> {
  for (let attempt = 1; ; attempt++) {
    const current = attempt === 1 && known ? known : await repository.read(id);
    if (!current) return undefined;
    const next = await change(current);
    if (!next) return current;
    try {
      return await repository.replace(withoutSystemFields(next), current._etag);
    } catch (error) {
      const lostRace = error instanceof CaseflowError && error.code === 'storage.etag-mismatch';
      if (!lostRace || attempt >= maxAttempts) throw error;
    }
  }
}

/** Cosmos DB's own properties (`_etag`, `_ts`, ...) must not be written back. */
export function withoutSystemFields<T>(document: T): T {
  const copy = { ...document } as Record<string, unknown>;
  for (const key of Object.keys(copy)) if (key.startsWith('_')) delete copy[key];
  return copy as T;
}

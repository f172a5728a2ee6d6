/** Turning a stored document back into what a writer passes to the repository. */
import type { Stored, TenantDocument, Unowned } from './tenant-repository.js';

/**
 * The document without its tenant (the repository adds it again) and Cosmos DB's system properties (`_etag`,
 * `_rid`, `_self`, `_ts`, ...), which are the store's business, not the app's or an API caller's.
 */
export function unstored<T extends TenantDocument>(document: Stored<T>): Unowned<T> {
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(document)) {
    if (key !== 'tenantId' && !key.startsWith('_')) copy[key] = value;
  }
  return copy as Unowned<T>;
}

/** A copy of `value` without `keys`. */
export function without<T extends object, K extends keyof T>(value: T, ...keys: K[]): Omit<T, K> {
  const copy = { ...value };
  for (const key of keys) delete copy[key];
  return copy;
}

/** Turning a stored document back into what a writer passes to the repository. */
import type { Stored, TenantDocument, Unowned } from './tenant-repository.js';

/** The document without its ETag and tenant (the repository adds the tenant again). */
export function unstored<T extends TenantDocument>(document: Stored<T>): Unowned<T> {
  return without(document, '_etag', 'tenantId') as unknown as Unowned<T>;
}

/** A copy of `value` without `keys`. */
export function without<T extends object, K extends keyof T>(value: T, ...keys: K[]): Omit<T, K> {
  const copy = { ...value };
  for (const key of keys) delete copy[key];
  return copy;
}

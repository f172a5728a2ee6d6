/**
 * Transient storage failures: Cosmos DB or Blob Storage briefly out of reach (a refused or reset connection,
 * a timeout) or asking the caller to come back (Cosmos 408/429/449/503, Blob 500/503 after the SDK's own
 * retries). They become `storage.unavailable` (503 with Retry-After) instead of an opaque 500: the same
 * request later may well succeed, and every write path is idempotent or ETag-guarded, so retrying is safe.
 * Every other error is left as it is.
 */
import { CaseflowError } from '../errors/caseflow-error.js';

/** How long a client should wait before retrying a request that met a transient storage failure. */
export const storageRetryAfterSeconds = 5;

const transientNetworkCodes = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);
/** Cosmos DB: request timeout, too many requests, retry with (a write race inside the service), unavailable. */
const transientCosmosStatuses = new Set([408, 429, 449, 503]);
/** Blob Storage: server busy or failing, once the SDK's retry policy has given up. */
const transientBlobStatuses = new Set([500, 503]);
/** An error's causes are followed this deep (fetch and the Azure SDKs wrap socket errors). */
const maxCauseDepth = 4;

/** `storage.unavailable` for a transient storage failure, with the original as its cause; else undefined. */
export function storageUnavailable(thrown: unknown): CaseflowError | undefined {
  if (thrown instanceof CaseflowError || !isTransientStorageFailure(thrown)) return undefined;
  return new CaseflowError(
    'storage.unavailable',
    'Storage is briefly unavailable; retry the request later.',
    { retryAfterSeconds: storageRetryAfterSeconds },
    { cause: thrown },
  );
}

export function isTransientStorageFailure(thrown: unknown): boolean {
  let current: unknown = thrown;
  for (let depth = 0; depth <= maxCauseDepth && typeof current === 'object' && current !== null; depth++) {
    if (isTransientItself(current as FailureFields)) return true;
    current = (current as FailureFields).cause;
  }
  return false;
}

interface FailureFields {
  readonly name?: unknown;
  readonly code?: unknown;
  readonly statusCode?: unknown;
  readonly message?: unknown;
  readonly cause?: unknown;
}

function isTransientItself(error: FailureFields): boolean {
  if (typeof error.code === 'string' && transientNetworkCodes.has(error.code)) return true;
  if (typeof error.message === 'string' && /socket hang up/i.test(error.message)) return true;
  // Cosmos DB's ErrorResponse carries the HTTP status as a numeric `code`; its client timeout is a TimeoutError.
  if (typeof error.code === 'number' && transientCosmosStatuses.has(error.code)) return true;
  if (error.name === 'TimeoutError') return true;
  // The storage SDKs' RestError: `statusCode`, and `REQUEST_SEND_ERROR` when no answer came at all.
  if (error.name === 'RestError') {
    if (typeof error.statusCode === 'number' && transientBlobStatuses.has(error.statusCode)) return true;
    if (error.code === 'REQUEST_SEND_ERROR') return true;
  }
  return false;
}

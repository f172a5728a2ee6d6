/**
 * problem+json (RFC 9457) from the error model: one table maps each CaseflowError code to an HTTP status, and
 * anything that is not a CaseflowError becomes an opaque 500, so no stack trace or internal message leaks.
 * The one exception: a transient storage failure (shared/storage/storage-unavailable.ts) is 503
 * `storage.unavailable` with a Retry-After header.
 */
import { CaseflowError } from '../errors/caseflow-error.js';
import { storageRetryAfterSeconds, storageUnavailable } from '../storage/storage-unavailable.js';

export const problemContentType = 'application/problem+json';

/** Every code the HTTP API reports, and its status. Codes not listed are internal errors (500). */
export const problemStatuses: Readonly<Record<string, number>> = {
  'http.invalid-json': 400,
  'http.validation-failed': 400,
  'storage.invalid-continuation': 400,
  'auth.unauthenticated': 401,
  'auth.forbidden': 403,
  'http.not-found': 404,
  'cases.not-found': 404,
  'cases.process-not-found': 404,
  'tasks.not-found': 404,
  'cases.closed': 409,
  'cases.inbox-busy': 409,
  'tasks.closed': 409,
  'tasks.conflict': 409,
  'tasks.already-claimed': 409,
  'storage.conflict': 409,
  'storage.etag-mismatch': 409,
  'http.precondition-failed': 412,
  'http.body-too-large': 413,
  'http.unsupported-media-type': 415,
  'models.invalid-model': 422,
  'models.no-executable-process': 422,
  // Case attachments.
  'attachments.not-found': 404,
  'attachments.limit-reached': 409,
  // Jobs.
  'jobs.not-found': 404,
  'jobs.locked-by-other': 409,
  'jobs.not-active': 409,
  // Incidents.
  'incidents.not-found': 404,
  'incidents.resolved': 409,
  // Connectors.
  'connectors.not-found': 404,
  // Email.
  'email.template-not-found': 404,
  'email.trigger-not-found': 404,
  'email.not-mime': 400,
  'email.trigger-address-taken': 409,
  'email.mail-refused': 422,
  'email.inbound-disabled': 503,
  // Transient storage failures.
  'storage.unavailable': 503,
};

/** Codes whose answer tells the client when to retry (`Retry-After`, seconds). */
const retryAfterSeconds: Readonly<Record<string, number>> = {
  'storage.unavailable': storageRetryAfterSeconds,
};

export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly [extension: string]: unknown;
}

export interface ProblemResponse {
  readonly status: number;
  readonly body: Problem;
  /** Extra response headers (`retry-after`). */
  readonly headers: Readonly<Record<string, string>>;
}

/** The response for a thrown value: the mapped status and the error's details for known codes, else 500. */
export function problemFor(error: unknown): ProblemResponse {
  const thrown = storageUnavailable(error) ?? error;
  const status = thrown instanceof CaseflowError ? problemStatuses[thrown.code] : undefined;
  if (!(thrown instanceof CaseflowError) || status === undefined) {
    return {
      status: 500,
      headers: {},
      body: {
        type: 'about:blank',
        title: 'Internal Server Error',
        status: 500,
        code: 'internal.error',
        detail: 'The request failed unexpectedly.',
      },
    };
  }
  const retryAfter = retryAfterSeconds[thrown.code];
  return {
    status,
    headers: retryAfter === undefined ? {} : { 'retry-after': String(retryAfter) },
    body: {
      ...thrown.details,
      type: 'about:blank',
      title: statusTitles[status] ?? 'Error',
      status,
      code: thrown.code,
      detail: thrown.message,
    },
  };
}

const statusTitles: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  503: 'Service Unavailable',
};

/**
 * A job in the `jobs` container (partition key /tenantId): one piece of automated work a service, send or
 * business-rule task asked for, the source of truth for who works it and how it ended.
 *
 * States: `available` (waiting for a worker, not before `notBefore`), `locked` (a worker holds it until
 * `lockExpiresAt`; an expired lock counts as available), `completed`, `failed` (the worker threw a BPMN
 * error), `cancelled` (its element was terminated), `incident` (retries ran out: the engine raised an
 * incident, and retrying that incident creates a new job).
 */
import { createHash } from 'node:crypto';
import type { Variables } from '../engine/index.js';
import type { TenantDocument } from '../storage/tenant-repository.js';

export const jobStates = ['available', 'locked', 'completed', 'failed', 'cancelled', 'incident'] as const;
export type JobState = (typeof jobStates)[number];

export interface JobDocument extends TenantDocument {
  readonly jobType: string;
  readonly state: JobState;
  readonly caseId: string;
  readonly processKey: string;
  readonly element: string;
  readonly elementInstance: string;
  readonly variables: Variables;
  readonly headers: Readonly<Record<string, string>>;
  /** Failures still allowed before an incident. */
  readonly retries: number;
  /** ISO 8601: the job is not handed out before this (retry back-off). */
  readonly notBefore: string;
  /** The worker id holding or last holding the lock. */
  readonly lockOwner?: string;
  readonly lockExpiresAt?: string;
  readonly lastError?: string;
  /** Technical failures so far (drives the built-in handlers' exponential back-off). */
  readonly failures?: number;
  readonly result?: { readonly variables?: Variables; readonly error?: { code: string; message?: string } };
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** Deterministic per case and command, so a retried `advanceCase` finds the job it created. */
export function jobIdFor(tenantId: string, caseId: string, commandId: string): string {
  return createHash('sha256').update(`${tenantId}\n${caseId}\n${commandId}`).digest('hex').slice(0, 32);
}

/** A job can be handed to a worker now: available and due, or locked with an expired lock. */
export function isFetchable(job: JobDocument, now: string): boolean {
  if (job.state === 'available') return job.notBefore <= now;
  return job.state === 'locked' && (job.lockExpiresAt ?? '') <= now;
}

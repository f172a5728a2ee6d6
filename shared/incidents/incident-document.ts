/**
 * An incident in the `incidents` container (partition key /tenantId): a case step that could not go on (a
 * job whose retries ran out, a failing expression, a call that could not start, ...). The engine raises and
 * resolves it; this document is what admins list and retry. Its own container, not `jobs`: most incidents
 * have no job, they live as long as the case's history, and keeping them apart keeps the workers'
 * fetch-and-lock queries over `jobs` small.
 */
import { createHash } from 'node:crypto';
import type { TenantDocument } from '../storage/tenant-repository.js';

export const incidentStates = ['open', 'resolved'] as const;
export type IncidentState = (typeof incidentStates)[number];

export interface IncidentDocument extends TenantDocument {
  /**
   * `stuck`: the case itself could not advance (its `advanceCase` failed after its retries; `incident` is
   * `stuck`, `element` the case's process key). Absent: an engine incident at a step of the case.
   */
  readonly kind?: 'stuck';
  readonly caseId: string;
  readonly processKey: string;
  /** The engine's incident id within the case, named by `incidentResolved`. */
  readonly incident: string;
  readonly element: string;
  /** The engine's reason, e.g. `job-failed`, `expression-failed`, `call-failed`. */
  readonly code: string;
  readonly message: string;
  readonly state: IncidentState;
  readonly createdAt: string;
  readonly resolvedAt?: string;
}

/** Deterministic per case and engine incident, so a retried `advanceCase` creates it once. */
export function incidentIdFor(tenantId: string, caseId: string, incident: string): string {
  return createHash('sha256').update(`${tenantId}\n${caseId}\n${incident}`).digest('hex').slice(0, 32);
}

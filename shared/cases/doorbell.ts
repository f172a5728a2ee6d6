/**
 * The data-less wake-up of a case's orchestration. Ringing a case whose orchestration does not exist yet
 * starts it, so a starter that crashed before starting the orchestration is recovered by any later ring
 * (the sweep's included).
 */
import type { CaseRef } from './case-inbox.js';

export interface Doorbell {
  ring(ref: CaseRef): Promise<void>;
}

/** The external event name the case orchestration waits for. */
export const doorbellEventName = 'doorbell';

/** One orchestration per case; the id is deterministic so every component can ring it. */
export function caseInstanceId(ref: CaseRef): string {
  return `case:${ref.tenantId}:${ref.caseId}`;
}

/**
 * The data-less wake-up of a case's orchestration. Ringing a case whose orchestration does not exist yet
 * starts it, so a starter that crashed before starting the orchestration is recovered by any later ring
 * (the sweep's included).
 */
import type { CaseRef } from './case-inbox.js';

export interface Doorbell {
  /**
   * `firstRing`: the caller has just created the case, so its orchestration most likely does not exist yet
   * (the doorbell may start it without asking first; an orchestration that does exist is still rung).
   */
  ring(ref: CaseRef, options?: { readonly firstRing?: boolean }): Promise<void>;
}

/** The external event name the case orchestration waits for. */
export const doorbellEventName = 'doorbell';

/** One orchestration per case; the id is deterministic so every component can ring it. */
export function caseInstanceId(ref: CaseRef): string {
  return `case:${ref.tenantId}:${ref.caseId}`;
}

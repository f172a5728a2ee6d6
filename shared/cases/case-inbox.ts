/**
 * The only door into a running case (see docs/architecture.md): an outside happening (a task completed, a
 * job result, a timer firing, a correlated message, a child case ending, a cancel) is first written to the
 * case's inbox, then the case's orchestration is woken by a doorbell that carries no data.
 */
import type { EngineEvent } from '../engine/index.js';

export interface CaseRef {
  readonly tenantId: string;
  readonly caseId: string;
}

export interface InboxDeliveryOptions {
  /**
   * Stable for one outside happening (e.g. `job:<jobId>:completed`): delivering the same key again records
   * nothing new, so a retried caller never applies an event twice.
   */
  readonly idempotencyKey: string;
  /** Who caused it, for the timeline: a user id, `worker:<id>` or `system:<component>`. */
  readonly actor: string;
}

export interface CaseInbox {
  /**
   * Records the event in the case's inbox, then rings its doorbell. A closed case refuses it with
   * `cases.closed` (409); an unknown case is `cases.not-found` (404).
   */
  deliver(
    ref: CaseRef,
    event: EngineEvent,
    options: InboxDeliveryOptions,
  ): Promise<{ readonly duplicate: boolean }>;
}

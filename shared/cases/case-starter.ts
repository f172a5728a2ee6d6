/**
 * The port through which published messages and broadcast signals start new cases: the implementation finds
 * the active process definitions of the tenant whose compiled graph has a message (or signal) start event of
 * that name and starts one case of each at that start event. The case execution core implements it; the
 * messages code only calls it.
 */
import type { Variables } from '../engine/index.js';

export interface StartTrigger {
  readonly kind: 'message' | 'signal';
  /** The message or signal name a start event must catch. */
  readonly name: string;
}

export interface StartByTriggerOptions {
  readonly variables: Variables;
  /**
   * Stable for one message or signal (e.g. `message:<id>`): starting again with the same key starts nothing
   * new and reports the cases the first call started (the implementation adds the process to the key).
   */
  readonly idempotencyKey: string;
  /** Who caused it, for the timeline: a user id, `worker:<id>` or `system:<component>`. */
  readonly actor: string;
}

export interface StartedCase {
  readonly caseId: string;
  readonly processKey: string;
  /** The id of the start event the case started at. */
  readonly startEvent: string;
}

export interface CaseStarter {
  /** Starts a case of every active process that starts with this trigger; none when no process does. */
  startCasesFor(
    tenantId: string,
    trigger: StartTrigger,
    options: StartByTriggerOptions,
  ): Promise<readonly StartedCase[]>;
}

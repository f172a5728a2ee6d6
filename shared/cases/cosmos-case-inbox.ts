/**
 * `CaseInbox` over the `cases` container: numbers each event max+1 under the case (a number taken by a
 * concurrent writer is retried with the next), so numbers have no gaps and appear in order (docs/data.md),
 * then rings the doorbell. A duplicate idempotency key writes nothing but still rings, in case the first
 * delivery crashed between writing and ringing.
 */
import type { EngineEvent } from '../engine/index.js';
import { CaseflowError } from '../errors/caseflow-error.js';
import type { CaseInbox, CaseRef, InboxDeliveryOptions } from './case-inbox.js';
import { inboxDocumentId, type InboxEvent } from './case-documents.js';
import type { CaseStore } from './case-store.js';
import type { Doorbell } from './doorbell.js';

/** Writers racing for the next number of one case; beyond this the delivery fails and the caller retries. */
const maxNumberAttempts = 20;

export class CosmosCaseInbox implements CaseInbox {
  constructor(
    private readonly stores: (tenantId: string) => CaseStore,
    private readonly doorbell: Doorbell,
    private readonly now: () => Date,
  ) {}

  deliver(ref: CaseRef, event: EngineEvent, options: InboxDeliveryOptions) {
    return this.deliverCaseEvent(ref, event, options);
  }

  /** `deliver` for every inbox event, the case-level ones (an admin setting variables) included. */
  async deliverCaseEvent(
    ref: CaseRef,
    event: InboxEvent,
    options: InboxDeliveryOptions,
  ): Promise<{ readonly duplicate: boolean }> {
    const store = this.stores(ref.tenantId);
    const found = await store.requireCase(ref.caseId);
    if (found.status !== 'active') {
      throw new CaseflowError('cases.closed', `Case ${ref.caseId} is ${found.status}.`, {
        caseId: ref.caseId,
        status: found.status,
      });
    }
    const duplicate = await this.write(store, ref.caseId, found.lastApplied, event, options);
    await this.doorbell.ring(ref);
    return { duplicate };
  }

  private async write(
    store: CaseStore,
    caseId: string,
    lastApplied: number,
    event: InboxEvent,
    options: InboxDeliveryOptions,
  ): Promise<boolean> {
    for (let attempt = 0; attempt < maxNumberAttempts; attempt++) {
      if (await store.keyClaimed(caseId, options.idempotencyKey)) return true;
      const seq = Math.max(lastApplied, await store.lastInboxNumber(caseId)) + 1;
      const outcome = await store.writeInbox({
        id: inboxDocumentId(caseId, seq),
        type: 'inbox',
        caseId,
        seq,
        event,
        idempotencyKey: options.idempotencyKey,
        actor: options.actor,
        receivedAt: this.now().toISOString(),
      });
      if (outcome !== 'number-taken') return outcome === 'duplicate';
    }
    throw new CaseflowError('cases.inbox-busy', `Too many concurrent deliveries to case ${caseId}; retry.`, {
      caseId,
    });
  }
}

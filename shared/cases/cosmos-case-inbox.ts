/**
 * `CaseInbox` over the `cases` container: numbers each event after the case's last applied one, moving past
 * numbers concurrent writers took (point reads of the deterministic ids, no query), so numbers have no gaps
 * and appear in order (docs/data.md), then rings the doorbell. A duplicate idempotency key writes nothing but still rings, in case the first
 * delivery crashed between writing and ringing.
 */
import type { EngineEvent } from '../engine/index.js';
import { CaseflowError } from '../errors/caseflow-error.js';
import type { CaseInbox, CaseRef, InboxDeliveryOptions } from './case-inbox.js';
import { inboxDocumentId, type CaseDocument, type InboxEvent } from './case-documents.js';
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

  /**
   * `deliver` for every inbox event, the case-level ones (an admin setting variables) included. `known` is
   * the case when the caller has just read it, or created it (`created`: its first ring may start its
   * orchestration directly), which saves reading it again.
   */
  async deliverCaseEvent(
    ref: CaseRef,
    event: InboxEvent,
    options: InboxDeliveryOptions,
    known?: { readonly case: CaseDocument; readonly created: boolean },
  ): Promise<{ readonly duplicate: boolean }> {
    const store = this.stores(ref.tenantId);
    const found = known?.case ?? (await store.requireCase(ref.caseId));
    if (found.status !== 'active') {
      throw new CaseflowError('cases.closed', `Case ${ref.caseId} is ${found.status}.`, {
        caseId: ref.caseId,
        status: found.status,
      });
    }
    const duplicate = await this.write(store, ref.caseId, found.lastApplied, event, options);
    await this.doorbell.ring(ref, { firstRing: known?.created === true });
    return { duplicate };
  }

  private async write(
    store: CaseStore,
    caseId: string,
    lastApplied: number,
    event: InboxEvent,
    options: InboxDeliveryOptions,
  ): Promise<boolean> {
    // Every number up to lastApplied exists; a writer takes n + 1 only after seeing n (written or read).
    let seq = lastApplied + 1;
    for (let attempt = 0; attempt < maxNumberAttempts; attempt++) {
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
      seq++;
      while (await store.readInbox(caseId, seq)) seq++;
    }
    throw new CaseflowError('cases.inbox-busy', `Too many concurrent deliveries to case ${caseId}; retry.`, {
      caseId,
    });
  }
}

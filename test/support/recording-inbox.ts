/** A `CaseInbox` in memory that records what was delivered, keeping one delivery per case and key. */
import type { CaseInbox, CaseRef, InboxDeliveryOptions } from '../../shared/cases/case-inbox.js';
import type { EngineEvent } from '../../shared/engine/index.js';

export interface RecordedDelivery {
  readonly ref: CaseRef;
  readonly event: EngineEvent;
  readonly options: InboxDeliveryOptions;
}

export class RecordingInbox implements CaseInbox {
  readonly deliveries: RecordedDelivery[] = [];

  async deliver(ref: CaseRef, event: EngineEvent, options: InboxDeliveryOptions) {
    const duplicate = this.deliveries.some(
      (delivery) =>
        delivery.ref.tenantId === ref.tenantId &&
        delivery.ref.caseId === ref.caseId &&
        delivery.options.idempotencyKey === options.idempotencyKey,
    );
    if (!duplicate) this.deliveries.push({ ref, event, options });
    return { duplicate };
  }
}

/**
 * A `CaseInbox` that records each delivery as a `delivery` document in the `cases` container (id from the
 * case and the idempotency key, created only if absent, so a repeated key is reported as a duplicate) and
 * wakes nothing. The Functions app delivers through it until the case execution core's inbox, which also
 * rings the case's doorbell and refuses closed cases, takes its place in `functions/case-inbox.ts`.
 */
import { createHash } from 'node:crypto';
import type { EngineEvent } from '../engine/index.js';
import type { TenantDocument, TenantRepository } from '../storage/tenant-repository.js';
import type { CaseInbox, CaseRef, InboxDeliveryOptions } from './case-inbox.js';

export interface DeliveryDocument extends TenantDocument {
  readonly type: 'delivery';
  readonly caseId: string;
  readonly event: EngineEvent;
  readonly idempotencyKey: string;
  readonly actor: string;
  readonly receivedAt: string;
}

export class DeliveryRecordInbox implements CaseInbox {
  constructor(
    private readonly deliveries: (tenantId: string) => TenantRepository<DeliveryDocument>,
    private readonly clock: () => Date,
  ) {}

  async deliver(ref: CaseRef, event: EngineEvent, options: InboxDeliveryOptions) {
    const id = createHash('sha256').update(`${ref.caseId}\n${options.idempotencyKey}`).digest('hex');
    const { created } = await this.deliveries(ref.tenantId).createIfAbsent({
      id: `delivery-${id}`,
      type: 'delivery',
      caseId: ref.caseId,
      event,
      idempotencyKey: options.idempotencyKey,
      actor: options.actor,
      receivedAt: this.clock().toISOString(),
    });
    return { duplicate: !created };
  }
}

/**
 * Tenant-scoped access to the `cases` container for the execution core: cases, their inbox in number
 * order, timeline entries. Inbox writes use a transactional batch (the event and its idempotency key
 * together, in the tenant's partition).
 */
import type { Container } from '@azure/cosmos';
import { createHash } from 'node:crypto';
import { CaseflowError } from '../errors/caseflow-error.js';
import { TenantRepository, type Stored, type Unowned } from '../storage/tenant-repository.js';
import {
  inboxDocumentId,
  type CaseDocument,
  type CasesContainerDocument,
  type InboxDocument,
  type InboxKeyDocument,
} from './case-documents.js';
import { unstored } from '../storage/stored-document.js';

export type InboxWrite = 'written' | 'number-taken' | 'duplicate';

export class CaseStore {
  readonly repository: TenantRepository<CasesContainerDocument>;

  constructor(
    private readonly container: Container,
    readonly tenantId: string,
  ) {
    this.repository = new TenantRepository<CasesContainerDocument>(container, tenantId);
  }

  async readCase(caseId: string): Promise<Stored<CaseDocument> | undefined> {
    const document = await this.repository.read(caseId);
    return document?.type === 'case' ? document : undefined;
  }

  async requireCase(caseId: string): Promise<Stored<CaseDocument>> {
    const found = await this.readCase(caseId);
    if (!found) throw new CaseflowError('cases.not-found', `No case ${caseId}.`, { caseId });
    return found;
  }

  async replaceCase(document: Unowned<CaseDocument>, etag: string): Promise<Stored<CaseDocument>> {
    return (await this.repository.replace(document, etag)) as Stored<CaseDocument>;
  }

  /** The highest inbox number of the case (0: none). */
  async lastInboxNumber(caseId: string): Promise<number> {
    const page = await this.repository.query({
      where: "c.type = 'inbox' AND c.caseId = @caseId",
      parameters: [{ name: '@caseId', value: caseId }],
      orderBy: 'c.seq DESC',
      maxItemCount: 1,
    });
    const [last] = page.items as readonly InboxDocument[];
    return last?.seq ?? 0;
  }

  /** The inbox events after `seq`, in number order. */
  async inboxAfter(caseId: string, seq: number): Promise<Stored<InboxDocument>[]> {
    return (await this.repository.queryAll({
      where: "c.type = 'inbox' AND c.caseId = @caseId AND c.seq > @seq",
      parameters: [
        { name: '@caseId', value: caseId },
        { name: '@seq', value: seq },
      ],
      orderBy: 'c.seq',
    })) as Stored<InboxDocument>[];
  }

  async keyClaimed(caseId: string, idempotencyKey: string): Promise<boolean> {
    return (await this.repository.read(inboxKeyId(caseId, idempotencyKey))) !== undefined;
  }

  /**
   * Writes inbox event `seq` and claims its idempotency key in one transactional batch: `number-taken` when
   * another writer holds that number, `duplicate` when the key was claimed (nothing written).
   */
  async writeInbox(document: Unowned<InboxDocument>): Promise<InboxWrite> {
    const key: InboxKeyDocument = {
      id: inboxKeyId(document.caseId, document.idempotencyKey),
      tenantId: this.tenantId,
      type: 'inbox-key',
      caseId: document.caseId,
      seq: document.seq,
    };
    const response = await this.container.items.batch(
      [
        { operationType: 'Create', resourceBody: { ...document, tenantId: this.tenantId } },
        { operationType: 'Create', resourceBody: { ...key } },
      ],
      this.tenantId,
    );
    const [event, claim] = response.result ?? [];
    if (event?.statusCode === 409) return 'number-taken';
    if (claim?.statusCode === 409) {
      // Azure rolls the batch back; an emulator that does not leaves the event behind: void it.
      if (event && event.statusCode < 300) await this.voidInbox(document.caseId, document.seq);
      return 'duplicate';
    }
    if (!event || event.statusCode >= 300 || !claim || claim.statusCode >= 300) {
      throw new CaseflowError('cases.inbox-write-failed', `Inbox write of case ${document.caseId} failed.`, {
        statuses: [event?.statusCode, claim?.statusCode],
      });
    }
    return 'written';
  }

  private async voidInbox(caseId: string, seq: number): Promise<void> {
    const written = (await this.repository.read(inboxDocumentId(caseId, seq))) as
      Stored<InboxDocument> | undefined;
    if (!written) return;
    await this.repository.replace({ ...unstored(written), void: true }, written._etag);
  }
}

export function inboxKeyId(caseId: string, idempotencyKey: string): string {
  return `inbox-key:${caseId}:${createHash('sha256').update(idempotencyKey).digest('hex')}`;
}

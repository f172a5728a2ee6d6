/**
 * Tenant-scoped access to the `cases` container for the execution core: cases, their inbox in number
 * order, timeline entries. Inbox writes use a transactional batch (the event and its idempotency key
 * together, in the tenant's partition).
 */
import type { Container, JSONObject } from '@azure/cosmos';
import { createHash } from 'node:crypto';
import { CaseflowError } from '../errors/caseflow-error.js';
import { TenantRepository, type Stored, type Unowned } from '../storage/tenant-repository.js';
import {
  inboxDocumentId,
  type CaseDocument,
  type CasesContainerDocument,
  type InboxDocument,
  type InboxKeyDocument,
  type TimelineDocument,
} from './case-documents.js';

export type InboxWrite = 'written' | 'number-taken' | 'duplicate';

/** Cosmos DB's limit of operations in one transactional batch. */
const maxBatchOperations = 100;

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

  /**
   * Replaces the case under `etag` and creates the timeline entries of what it applied, in one
   * transactional batch (one request instead of one per document). An entry that exists already (a run
   * that crashed after writing it, from before entries were batched) fails the batch: Azure rolls it back,
   * the local emulator stops at that entry; either way the entries left are created if absent and the
   * case is replaced on its own if the batch did not; a batch over Cosmos DB's 2 MB is written document by
   * document. A stale ETag is `storage.etag-mismatch`.
   */
  async saveAdvanced(
    document: Unowned<CaseDocument>,
    etag: string,
    timeline: readonly Unowned<TimelineDocument>[],
  ): Promise<void> {
    const batched = timeline.slice(0, maxBatchOperations - 1);
    for (const entry of timeline.slice(batched.length)) await this.repository.createIfAbsent(entry);
    let response;
    try {
      response = await this.container.items.batch(
        [
          {
            operationType: 'Replace',
            id: document.id,
            partitionKey: this.tenantId,
            ifMatch: etag,
            resourceBody: { ...document, tenantId: this.tenantId } as unknown as JSONObject,
          },
          ...batched.map((entry) => ({
            operationType: 'Create' as const,
            resourceBody: { ...entry, tenantId: this.tenantId } as unknown as JSONObject,
          })),
        ],
        this.tenantId,
      );
    } catch (error) {
      // Over a batch's 2 MB (a case near the item limit with its entries): the documents one by one.
      if ((error as { code?: unknown }).code !== 413) throw error;
      for (const entry of batched) await this.repository.createIfAbsent(entry);
      await this.replaceCase(document, etag);
      return;
    }
    const [replaced, ...created] = response.result ?? [];
    const status = replaced?.statusCode;
    if (status === 412 || status === 404) {
      throw new CaseflowError('storage.etag-mismatch', `Document ${document.id} was changed concurrently.`, {
        id: document.id,
      });
    }
    if (status !== 200 && status !== 424) {
      throw new CaseflowError('cases.save-failed', `Saving case ${document.id} failed.`, { status });
    }
    for (const [index, entry] of batched.entries()) {
      if (created[index]?.statusCode !== 201) await this.repository.createIfAbsent(entry);
    }
    if (status === 424) await this.replaceCase(document, etag);
  }

  /**
   * The inbox events after `seq`, in number order: one query of the case's events, cut at the first missing
   * number (numbers have no gaps once written, docs/data.md, so a gap is only a write still in flight). One
   * request finds them all; reading ids `seq + 1`, `seq + 2`, ... needed one more, to find the end.
   */
  async inboxAfter(caseId: string, seq: number): Promise<Stored<InboxDocument>[]> {
    const found = (await this.repository.queryAll({
      where: "c.type = 'inbox' AND c.caseId = @caseId AND c.seq > @seq",
      parameters: [
        { name: '@caseId', value: caseId },
        { name: '@seq', value: seq },
      ],
      orderBy: 'c.seq',
    })) as Stored<InboxDocument>[];
    const contiguous = found.findIndex((entry, index) => entry.seq !== seq + 1 + index);
    return contiguous < 0 ? found : found.slice(0, contiguous);
  }

  /** Inbox event `seq` of the case, if written. */
  async readInbox(caseId: string, seq: number): Promise<Stored<InboxDocument> | undefined> {
    const document = await this.repository.read(inboxDocumentId(caseId, seq));
    return document?.type === 'inbox' ? document : undefined;
  }

  /**
   * Writes inbox event `seq` and claims its idempotency key in one transactional batch: `number-taken` when
   * another writer holds that number, `duplicate` when the key was claimed. Either failure undoes the whole
   * batch (Azure and the local emulator alike), so nothing is written and no read of the key is needed first.
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
    if (claim?.statusCode === 409) return 'duplicate';
    if (!event || event.statusCode >= 300 || !claim || claim.statusCode >= 300) {
      throw new CaseflowError('cases.inbox-write-failed', `Inbox write of case ${document.caseId} failed.`, {
        statuses: [event?.statusCode, claim?.statusCode],
      });
    }
    return 'written';
  }
}

export function inboxKeyId(caseId: string, idempotencyKey: string): string {
  return `inbox-key:${caseId}:${createHash('sha256').update(idempotencyKey).digest('hex')}`;
}

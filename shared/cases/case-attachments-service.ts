/**
 * Case attachments, HTTP-free: upload, list, read, download and delete, under the record rules of the case
 * (whoever may read the case may read its attachments; a closed case is read-only).
 *
 * Nothing is half-stored: the upload first claims a slot of the per-case limit (attachment-slots.ts; a
 * refusal stores nothing), then the bytes go to a blob under a fresh name, then the metadata document
 * (`attachment:<caseId>:<attachmentId>` in `cases`) makes them visible. A crash in between leaves an
 * unreferenced blob that nothing lists or serves (the orphan clean-up deletes it). Uploads and deletes reach
 * the timeline through the case's inbox (`attachmentAdded`, `attachmentDeleted`).
 *
 * Idempotency: the attachment id is a hash of the case and the client's `Idempotency-Key` (with the
 * uploader), or else of the case, the file name and the SHA-256 of the bytes, so a repeated upload finds
 * the stored attachment and stores nothing new.
 */
import { createHash } from 'node:crypto';
import { CaseflowError } from '../errors/caseflow-error.js';
import { matchesSignature } from '../http/file-signatures.js';
import { mediaType, validationFailed } from '../http/body.js';
import type { Principal } from '../identity/principal.js';
import type { Page, Stored } from '../storage/tenant-repository.js';
import type { AttachmentBytes } from './attachment-bytes.js';
import { attachmentFileName } from './attachment-names.js';
import { AttachmentSlots } from './attachment-slots.js';
import {
  attachmentDocumentId,
  attachmentsOfCase,
  type AttachmentDocument,
  type CaseDocument,
} from './case-documents.js';
import type { CaseStore } from './case-store.js';
import type { CosmosCaseInbox } from './cosmos-case-inbox.js';
import { isAdmin } from './record-rules.js';

export interface AttachmentLimits {
  readonly maxBytes: number;
  /** Lower-case media types without parameters. */
  readonly mediaTypes: readonly string[];
  readonly perCase: number;
}

export interface AttachmentUpload {
  readonly caseId: string;
  /** The file name as the client sent it (sanitised here). */
  readonly name: string | undefined;
  readonly contentType: string | null;
  /** Reads the body, failing with `http.body-too-large` beyond `maxBytes`. */
  readonly readBytes: (maxBytes: number) => Promise<Uint8Array>;
  readonly idempotencyKey?: string;
}

export interface AttachmentDownload {
  readonly attachment: Stored<AttachmentDocument>;
  readonly content: ReadableStream<Uint8Array>;
}

const maxIdempotencyKeyLength = 200;

export class CaseAttachmentsService {
  private readonly slots: AttachmentSlots;

  constructor(
    private readonly principal: Principal,
    /** The case if the caller may see it, else `cases.not-found` (CasesService.get). */
    private readonly visibleCase: (caseId: string) => Promise<Stored<CaseDocument>>,
    private readonly store: CaseStore,
    private readonly bytes: AttachmentBytes,
    private readonly inbox: CosmosCaseInbox,
    private readonly limits: AttachmentLimits,
    private readonly newId: () => string,
    private readonly now: () => Date,
  ) {
    this.slots = new AttachmentSlots(store.repository, now);
  }

  async upload(
    upload: AttachmentUpload,
  ): Promise<{ attachment: Stored<AttachmentDocument>; created: boolean }> {
    const found = await this.visibleCase(upload.caseId);
    requireActive(found);
    const name = upload.name === undefined ? undefined : attachmentFileName(upload.name);
    if (name === undefined) {
      throw validationFailed([
        { field: 'name', message: 'a file name of 1 to 200 characters is required (X-File-Name or ?name=)' },
      ]);
    }
    const key = upload.idempotencyKey;
    if (key !== undefined && (key.length === 0 || key.length > maxIdempotencyKeyLength)) {
      throw validationFailed([{ field: 'Idempotency-Key', message: 'must be 1 to 200 characters' }]);
    }
    const type = mediaType(upload.contentType);
    if (!this.limits.mediaTypes.includes(type)) {
      throw new CaseflowError(
        'http.unsupported-media-type',
        `Attachments of type ${type === '' ? '(none)' : type} are not accepted.`,
        { accepted: this.limits.mediaTypes },
      );
    }
    const content = await upload.readBytes(this.limits.maxBytes);
    if (content.byteLength === 0) throw validationFailed([{ field: '(body)', message: 'must not be empty' }]);
    if (!matchesSignature(type, content)) {
      throw new CaseflowError('http.unsupported-media-type', `The content is not ${type}.`, {
        accepted: this.limits.mediaTypes,
      });
    }
    const sha256 = createHash('sha256').update(content).digest('hex');
    const attachmentId = hashId(
      key !== undefined
        ? ['key', upload.caseId, this.principal.userId, key]
        : ['content', upload.caseId, name, sha256],
    );
    const existing = await this.read(upload.caseId, attachmentId);
    if (existing) {
      // The first upload may have crashed before its timeline event: deliver it again (idempotent).
      await this.announce(existing, 'attachmentAdded');
      return { attachment: existing, created: false };
    }
    await this.slots.claim(upload.caseId, attachmentId, this.limits.perCase);
    const blobName = `${this.store.tenantId}/${upload.caseId}/attachments/${this.newId()}`;
    const { document, created } = await this.storeClaimed(upload.caseId, attachmentId, async () => {
      await this.bytes.put(blobName, content, type);
      return this.store.repository.createIfAbsent({
        id: attachmentDocumentId(upload.caseId, attachmentId),
        type: 'attachment',
        caseId: upload.caseId,
        attachmentId,
        name,
        contentType: type,
        size: content.byteLength,
        sha256,
        blobName,
        uploadedBy: this.principal.userId,
        uploadedAt: this.now().toISOString(),
      });
    });
    const attachment = document as Stored<AttachmentDocument>;
    // A concurrent identical upload won: its blob is the one referenced, ours is not needed.
    if (!created) await this.bytes.delete(blobName);
    await this.announce(attachment, 'attachmentAdded');
    return { attachment, created };
  }

  async list(
    caseId: string,
    limit: number,
    continuationToken?: string,
  ): Promise<Page<Stored<AttachmentDocument>>> {
    await this.visibleCase(caseId);
    return (await this.store.repository.query({
      ...attachmentsOfCase(caseId),
      orderBy: 'c.uploadedAt',
      maxItemCount: limit,
      ...(continuationToken ? { continuationToken } : {}),
    })) as Page<Stored<AttachmentDocument>>;
  }

  async get(caseId: string, attachmentId: string): Promise<Stored<AttachmentDocument>> {
    await this.visibleCase(caseId);
    const attachment = await this.read(caseId, attachmentId);
    if (!attachment) throw notFound(caseId, attachmentId);
    return attachment;
  }

  async download(caseId: string, attachmentId: string): Promise<AttachmentDownload> {
    const attachment = await this.get(caseId, attachmentId);
    const content = await this.bytes.open(attachment.blobName);
    if (!content) throw notFound(caseId, attachmentId);
    return { attachment, content };
  }

  /**
   * The uploader or an admin deletes an attachment of an active case. The timeline event goes first (a
   * retried delete records it once), then the metadata, then the bytes: a crash leaves at worst an
   * unreferenced blob.
   */
  async delete(caseId: string, attachmentId: string): Promise<void> {
    const found = await this.visibleCase(caseId);
    const attachment = await this.read(caseId, attachmentId);
    if (!attachment) throw notFound(caseId, attachmentId);
    if (!isAdmin(this.principal) && attachment.uploadedBy !== this.principal.userId) {
      throw new CaseflowError('auth.forbidden', 'Only the uploader or an admin may delete an attachment.');
    }
    requireActive(found);
    await this.announce(attachment, 'attachmentDeleted');
    await this.store.repository.delete(attachment.id, attachment._etag);
    await this.slots.release(caseId, attachmentId);
    await this.bytes.delete(attachment.blobName);
  }

  /**
   * Stores a claimed upload; if that fails before its document exists, the slot is given back (unless a
   * concurrent identical upload stored the document meanwhile) and the error goes on.
   */
  private async storeClaimed<T>(caseId: string, attachmentId: string, store: () => Promise<T>): Promise<T> {
    try {
      return await store();
    } catch (error) {
      if (!(await this.read(caseId, attachmentId))) await this.slots.release(caseId, attachmentId);
      throw error;
    }
  }

  private async read(caseId: string, attachmentId: string): Promise<Stored<AttachmentDocument> | undefined> {
    const document = await this.store.repository.read(attachmentDocumentId(caseId, attachmentId));
    return document?.type === 'attachment' ? document : undefined;
  }

  /** The timeline event, keyed by the stored blob (unique per upload, so a re-upload after a delete shows). */
  private async announce(
    attachment: AttachmentDocument,
    type: 'attachmentAdded' | 'attachmentDeleted',
  ): Promise<void> {
    const suffix = type === 'attachmentAdded' ? 'added' : 'deleted';
    try {
      await this.inbox.deliverCaseEvent(
        { tenantId: this.store.tenantId, caseId: attachment.caseId },
        { type, attachmentId: attachment.attachmentId, name: attachment.name },
        { idempotencyKey: `attachment:${attachment.blobName}:${suffix}`, actor: this.principal.userId },
      );
    } catch (error) {
      // Closed since the check: the attachment stands, only its timeline entry is missing.
      if (!(error instanceof CaseflowError) || error.code !== 'cases.closed') throw error;
    }
  }
}

function requireActive(found: CaseDocument): void {
  if (found.status !== 'active') {
    throw new CaseflowError(
      'cases.closed',
      `Case ${found.id} is ${found.status}; its attachments are read-only.`,
      {
        caseId: found.id,
        status: found.status,
      },
    );
  }
}

function hashId(parts: readonly string[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 32);
}

function notFound(caseId: string, attachmentId: string): CaseflowError {
  return new CaseflowError('attachments.not-found', `No attachment ${attachmentId} on case ${caseId}.`, {
    caseId,
    attachmentId,
  });
}

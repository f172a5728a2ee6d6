/**
 * The per-case attachment limit, exact under racing uploads. One document per case
 * (`attachment-slots:<caseId>`, in the case's partition) lists the attachment ids that hold a slot. An upload
 * claims its id under the document's ETag before it stores anything, and a delete releases it: of N uploads
 * racing for K free slots exactly K win, as every replace but one per round loses its ETag and re-decides. A
 * repeated upload (the same attachment id) finds its id claimed and takes no second slot.
 *
 * A claim whose upload died before its metadata document existed (a crash, a failed blob write) would hold
 * its slot for ever; once the case is full, claims older than an hour without a document are dropped. The
 * document is created on a case's first upload from the attachments it already has.
 */
import { CaseflowError } from '../errors/caseflow-error.js';
import type { Stored, TenantRepository } from '../storage/tenant-repository.js';
import { updateWithEtag } from '../storage/update-with-etag.js';
import {
  attachmentSlotsDocumentId,
  attachmentsOfCase,
  type AttachmentDocument,
  type AttachmentSlotsDocument,
  type CasesContainerDocument,
} from './case-documents.js';

/** No upload takes this long: a claim this old without its document belongs to an upload that died. */
const abandonedClaimMs = 60 * 60 * 1000;
/** Each lost ETag race means another caller's change went in, so this bounds the racers, not the time. */
const maxAttempts = 200;

export class AttachmentSlots {
  constructor(
    private readonly repository: TenantRepository<CasesContainerDocument>,
    private readonly now: () => Date,
  ) {}

  /** Claims a slot for the attachment (a no-op if it holds one); `attachments.limit-reached` when none is free. */
  async claim(caseId: string, attachmentId: string, limit: number): Promise<void> {
    await this.change(caseId, async (claims) => {
      if (claims[attachmentId] !== undefined) return undefined;
      const held = Object.keys(claims).length >= limit ? await this.withoutAbandoned(caseId, claims) : claims;
      if (Object.keys(held).length >= limit) {
        throw new CaseflowError(
          'attachments.limit-reached',
          `Case ${caseId} holds ${limit} attachments, the most it may.`,
          { caseId, limit },
        );
      }
      return { ...held, [attachmentId]: this.now().toISOString() };
    });
  }

  /** Frees the attachment's slot (a no-op if it holds none). */
  async release(caseId: string, attachmentId: string): Promise<void> {
    await this.change(caseId, async (claims) => {
      if (claims[attachmentId] === undefined) return undefined;
      const rest = { ...claims };
      delete rest[attachmentId];
      return rest;
    });
  }

  private async change(
    caseId: string,
    decide: (claims: Readonly<Record<string, string>>) => Promise<Record<string, string> | undefined>,
  ): Promise<void> {
    const slots = await this.slotsOf(caseId);
    const stored = await updateWithEtag(
      this.repository,
      slots.id,
      async (current) => {
        const claims = await decide((current as AttachmentSlotsDocument).claims);
        return claims === undefined ? undefined : { ...(current as AttachmentSlotsDocument), claims };
      },
      slots,
      maxAttempts,
    );
    // Slots documents are never deleted: one that vanished is a storage fault, not a case to skip.
    if (!stored) throw new Error(`The attachment slots of case ${caseId} disappeared.`);
  }

  private async slotsOf(caseId: string): Promise<Stored<AttachmentSlotsDocument>> {
    const id = attachmentSlotsDocumentId(caseId);
    const found = await this.repository.read(id);
    if (found?.type === 'attachment-slots') return found;
    // First upload since slots exist: the attachments the case already has hold theirs.
    const claims = Object.fromEntries(
      (await this.attachmentsOf(caseId)).map((attachment) => [
        attachment.attachmentId,
        attachment.uploadedAt,
      ]),
    );
    const { document } = await this.repository.createIfAbsent({
      id,
      type: 'attachment-slots',
      caseId,
      claims,
    });
    return document as Stored<AttachmentSlotsDocument>;
  }

  private async withoutAbandoned(
    caseId: string,
    claims: Readonly<Record<string, string>>,
  ): Promise<Record<string, string>> {
    const stored = new Set((await this.attachmentsOf(caseId)).map((attachment) => attachment.attachmentId));
    const cutoff = this.now().getTime() - abandonedClaimMs;
    return Object.fromEntries(
      Object.entries(claims).filter(([id, claimedAt]) => stored.has(id) || Date.parse(claimedAt) > cutoff),
    );
  }

  private async attachmentsOf(caseId: string): Promise<AttachmentDocument[]> {
    return (await this.repository.queryAll({
      ...attachmentsOfCase(caseId),
    })) as AttachmentDocument[];
  }
}

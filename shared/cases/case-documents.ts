/**
 * What the execution core stores in the `cases` container (partition key /tenantId), told apart by `type`:
 * the case (engine state, ETag-guarded), its numbered inbox events, the idempotency keys of deliveries, its
 * timeline, its comments and its attachments' metadata. See docs/data.md for ids, numbering and the scale path.
 */
import type { EngineEvent, EngineState, Variables } from '../engine/index.js';
import type { QueryOptions, TenantDocument } from '../storage/tenant-repository.js';

export type CaseStatus = 'active' | 'completed' | 'terminated' | 'failed';

/** The call activity of a parent case that started this one. */
export interface ParentLink {
  readonly caseId: string;
  readonly elementInstance: string;
}

export interface CaseDocument extends TenantDocument {
  readonly type: 'case';
  readonly processKey: string;
  readonly version: number;
  /** The definition document (`<processKey>:<version>`) whose graph the state runs on. */
  readonly definitionId: string;
  readonly businessKey?: string;
  readonly startedBy: string;
  readonly startedAt: string;
  readonly parent?: ParentLink;
  readonly status: CaseStatus;
  readonly endedAt?: string;
  readonly error?: { readonly code: string; readonly message?: string };
  /** Absent until the `start` inbox event was applied. */
  readonly state?: EngineState;
  /** The number of the last inbox event applied to `state` (0: none). */
  readonly lastApplied: number;
  /** The root scope's variables after the last applied event, for queries (`state` holds the truth). */
  readonly variables: Variables;
  /** Element ids with a waiting element instance, for diagrams and queries. */
  readonly activeElements: readonly string[];
  /** Set when `advanceCase` kept failing: the case waits for an admin (a doorbell retries). */
  readonly stuck?: { readonly code: string; readonly message: string; readonly at: string };
}

/**
 * Case-level events that are not the engine's: an admin setting variables, an attachment added or deleted
 * (recorded on the timeline only; the engine state does not change).
 */
export type CaseEvent =
  | { readonly type: 'setVariables'; readonly variables: Variables }
  | { readonly type: 'attachmentAdded'; readonly attachmentId: string; readonly name: string }
  | { readonly type: 'attachmentDeleted'; readonly attachmentId: string; readonly name: string };

export type InboxEvent = EngineEvent | CaseEvent;

export interface InboxDocument extends TenantDocument {
  readonly type: 'inbox';
  readonly caseId: string;
  /** 1, 2, ... per case, without gaps (see docs/data.md). */
  readonly seq: number;
  readonly event: InboxEvent;
  readonly idempotencyKey: string;
  readonly actor: string;
  readonly receivedAt: string;
}

/** Claims an idempotency key of a case: written in the same transactional batch as its inbox event. */
export interface InboxKeyDocument extends TenantDocument {
  readonly type: 'inbox-key';
  readonly caseId: string;
  readonly seq: number;
}

export interface TimelineDocument extends TenantDocument {
  readonly type: 'timeline';
  readonly caseId: string;
  /** The inbox event this entry came from, and its position among that event's entries. */
  readonly seq: number;
  readonly position: number;
  readonly at: string;
  readonly actor: string;
  readonly what:
    | { readonly kind: 'event'; readonly event: string; readonly detail?: Record<string, unknown> }
    | {
        readonly kind: 'element';
        readonly element: string;
        readonly elementType: string;
        readonly name?: string;
        readonly outcome: 'completed' | 'terminated' | 'cancelled';
      };
}

export interface CommentDocument extends TenantDocument {
  readonly type: 'comment';
  readonly caseId: string;
  readonly author: string;
  readonly text: string;
  readonly at: string;
}

/** A case attachment's metadata; its bytes are the blob `blobName` in the `case-attachments` container. */
export interface AttachmentDocument extends TenantDocument {
  readonly type: 'attachment';
  readonly caseId: string;
  /** The id the API shows (a hash: see case-attachments-service.ts). */
  readonly attachmentId: string;
  readonly name: string;
  readonly contentType: string;
  readonly size: number;
  /** Hex SHA-256 of the bytes. */
  readonly sha256: string;
  readonly blobName: string;
  readonly uploadedBy: string;
  readonly uploadedAt: string;
}

/**
 * The slots of a case's attachment limit (attachment-slots.ts): the attachment ids holding one, each with when
 * it was claimed. Replaced only under its ETag.
 */
export interface AttachmentSlotsDocument extends TenantDocument {
  readonly type: 'attachment-slots';
  readonly caseId: string;
  readonly claims: Readonly<Record<string, string>>;
}

export type CasesContainerDocument =
  | CaseDocument
  | InboxDocument
  | InboxKeyDocument
  | TimelineDocument
  | CommentDocument
  | AttachmentDocument
  | AttachmentSlotsDocument;

const pad = (seq: number) => String(seq).padStart(10, '0');

export const inboxDocumentId = (caseId: string, seq: number) => `inbox:${caseId}:${pad(seq)}`;
export const attachmentDocumentId = (caseId: string, attachmentId: string) =>
  `attachment:${caseId}:${attachmentId}`;
export const attachmentSlotsDocumentId = (caseId: string) => `attachment-slots:${caseId}`;
/** The query condition of a case's attachment documents, within its tenant's partition. */
export const attachmentsOfCase = (caseId: string): Pick<QueryOptions, 'where' | 'parameters'> => ({
  where: "c.type = 'attachment' AND c.caseId = @caseId",
  parameters: [{ name: '@caseId', value: caseId }],
});
export const timelineDocumentId = (caseId: string, seq: number, position: number) =>
  `timeline:${caseId}:${pad(seq)}:${String(position).padStart(4, '0')}`;

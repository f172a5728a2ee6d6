/**
 * The `email` container (partition key /tenantId): everything email keeps per tenant, one `type` each.
 * Ids are derived from what the document is about, so repeated work finds the document it wrote before.
 */
import type { TenantDocument } from '../storage/tenant-repository.js';

/** A tenant's own text for a notification or a named send-task template (id `template:<name>`). */
export interface EmailTemplateDocument extends TenantDocument {
  readonly type: 'template';
  readonly name: string;
  /** `{{ FEEL }}` placeholders, filled from the template's variables. */
  readonly subject: string;
  readonly text: string;
  readonly updatedBy: string;
  readonly updatedAt: string;
}

/** Where a tenant's users get mail (id `settings`): an address per user, else `<user>@<userDomain>`. */
export interface EmailSettingsDocument extends TenantDocument {
  readonly type: 'settings';
  readonly userDomain?: string;
  readonly addresses: Readonly<Record<string, string>>;
  readonly updatedBy: string;
  readonly updatedAt: string;
}

/** One mail handed to SMTP (id `sent:<hash of its key>`): a redelivered queue message finds it and sends nothing. */
export interface SentMailDocument extends TenantDocument {
  readonly type: 'sent';
  readonly key: string;
  readonly messageId: string;
  readonly to: readonly string[];
  readonly subject: string;
  readonly sentAt: string;
}

/** A reply address handed out on a notification (id `reply:<token id>`): what a reply to it may change. */
export interface ReplyTokenDocument extends TenantDocument {
  readonly type: 'reply-token';
  readonly caseId: string;
  /** The task a reply completes; absent: a reply adds a comment to the case. */
  readonly taskId?: string;
  /** The user the mail went to: the reply acts as this user. */
  readonly userId: string;
  readonly address: string;
  readonly expiresAt: string;
}

/** A notice already sent once per subject (id `notice:<kind>:<hash of the subject>`), e.g. one "overdue" per task. */
export interface NoticeDocument extends TenantDocument {
  readonly type: 'notice';
  readonly kind: string;
  readonly at: string;
}

/** A per-tenant rule that starts a case from an inbound mail (id `trigger:<name>`). */
export interface TriggerRuleDocument extends TenantDocument {
  readonly type: 'trigger';
  readonly name: string;
  /** The address the mail must be sent to, lower case. */
  readonly recipient: string;
  /** Sender domains allowed, lower case; empty: any sender. */
  readonly senderDomains: readonly string[];
  readonly subjectContains?: string;
  /** A regular expression (at most 200 characters, no nested quantifiers) the subject must match. */
  readonly subjectPattern?: string;
  readonly bodyContains?: string;
  readonly processKey: string;
  /** Variable name to FEEL expression over `mail` ({ from, to, subject, text, receivedAt, attachments }). */
  readonly variables: Readonly<Record<string, string>>;
  readonly updatedBy: string;
  readonly updatedAt: string;
}

/** An inbound mail that changed nothing, for the admin (id `rejected:<mail id>`). */
export interface RejectedMailDocument extends TenantDocument {
  readonly type: 'rejected';
  readonly receivedAt: string;
  readonly from: string;
  readonly to: readonly string[];
  readonly subject: string;
  readonly reason: string;
}

export type EmailDocument =
  | EmailTemplateDocument
  | EmailSettingsDocument
  | SentMailDocument
  | ReplyTokenDocument
  | NoticeDocument
  | TriggerRuleDocument
  | RejectedMailDocument;

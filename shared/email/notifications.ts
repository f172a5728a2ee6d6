/**
 * Composes a notification mail and puts it on `email-outbound`: the recipient's address (email settings),
 * the tenant's template (or the built-in one) rendered with the task and case, and, when reply tokens are
 * enabled, a `reply+<token>@<domain>` Reply-To whose grant is stored first. The queue key is stable per
 * notification, so composing it again (a retried `advanceCase`, a repeated sweep) sends one mail.
 */
import type { Stored, TenantRepository } from '../storage/tenant-repository.js';
import { taskReplyHint, type NotificationKind } from './default-templates.js';
import type { EmailDocument, ReplyTokenDocument } from './email-documents.js';
import type { EmailSettings } from './email-settings.js';
import type { EmailTemplates } from './email-templates.js';
import type { OutboundMailQueue } from './outbound-mail.js';
import { issueReplyToken, replyAddress } from './reply-tokens.js';
import { renderTemplate } from './template-render.js';

export interface ReplySettings {
  readonly secret: string;
  readonly domain: string;
  readonly validHours: number;
}

export interface NotificationServices {
  readonly email: (tenantId: string) => TenantRepository<EmailDocument>;
  readonly templates: (tenantId: string) => EmailTemplates;
  readonly settings: (tenantId: string) => EmailSettings;
  readonly queue: OutboundMailQueue;
  /** Absent: notifications carry no reply token. */
  readonly replies?: ReplySettings;
}

export interface NotificationCase {
  readonly id: string;
  readonly processKey: string;
  readonly businessKey?: string;
  readonly status: string;
}

export interface NotificationTask {
  readonly id: string;
  readonly element: string;
  readonly name?: string;
  readonly dueDate?: string;
}

export interface Notification {
  readonly tenantId: string;
  readonly kind: NotificationKind;
  /** Stable for the happening, e.g. the task id. */
  readonly subject: string;
  readonly userId: string;
  readonly case: NotificationCase;
  readonly task?: NotificationTask;
  /** A reply completes the task (with a task) or comments on the case. */
  readonly acceptsReply: boolean;
  /** The case clock (ISO 8601): FEEL's now() and the reply token's start. */
  readonly now: string;
}

export type NotificationOutcome = 'queued' | 'no-address' | { readonly templateError: string };

export class Notifications {
  constructor(private readonly services: NotificationServices) {}

  async notify(notification: Notification): Promise<NotificationOutcome> {
    const { tenantId } = notification;
    const address = await this.services.settings(tenantId).addressOf(notification.userId);
    if (address === undefined) return 'no-address';
    const key = `notify:${notification.kind}:${notification.subject}`;
    const replyTo = notification.acceptsReply ? await this.replyTo(notification, key, address) : undefined;
    const template = await this.services.templates(tenantId).resolve(notification.kind);
    const variables = {
      recipient: notification.userId,
      case: { businessKey: null, ...notification.case },
      task: notification.task ? { name: null, dueDate: null, ...notification.task } : null,
      replyHint: replyTo !== undefined && notification.task ? taskReplyHint : '',
    };
    const subject = renderTemplate(template.subject, variables, notification.now);
    if (!subject.ok) return { templateError: subject.message };
    const text = renderTemplate(template.text, variables, notification.now);
    if (!text.ok) return { templateError: text.message };
    await this.services.queue.send({
      tenantId,
      key,
      to: [address],
      subject: subject.text.replace(/[\r\n]+/g, ' '),
      text: text.text,
      ...(replyTo !== undefined ? { replyTo } : {}),
    });
    return 'queued';
  }

  private async replyTo(
    notification: Notification,
    key: string,
    address: string,
  ): Promise<string | undefined> {
    const replies = this.services.replies;
    if (!replies) return undefined;
    const grant = {
      tenantId: notification.tenantId,
      caseId: notification.case.id,
      ...(notification.task ? { taskId: notification.task.id } : {}),
      userId: notification.userId,
      address: address.toLowerCase(),
    };
    const expires = new Date(new Date(notification.now).getTime() + replies.validHours * 3600_000);
    const issued = issueReplyToken(replies.secret, key, grant, expires);
    const document: Omit<ReplyTokenDocument, 'tenantId'> = {
      id: `reply:${issued.tokenId}`,
      type: 'reply-token',
      caseId: grant.caseId,
      ...(grant.taskId !== undefined ? { taskId: grant.taskId } : {}),
      userId: grant.userId,
      address: grant.address,
      expiresAt: issued.expiresAt,
    };
    const stored = (await this.services.email(notification.tenantId).createIfAbsent(document))
      .document as Stored<ReplyTokenDocument>;
    // A second composition (same key, same clock) issues the same token; the stored grant is the truth.
    return stored.expiresAt === issued.expiresAt ? replyAddress(issued.token, replies.domain) : undefined;
  }
}

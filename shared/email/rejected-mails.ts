/**
 * Inbound mails that changed nothing (`rejected:<mail id>` in the tenant's `email` partition), for the
 * admin: who sent what to which address, and why it was refused. A mail delivered again keeps one record.
 */
import type { Page, TenantRepository } from '../storage/tenant-repository.js';
import type { EmailDocument, RejectedMailDocument } from './email-documents.js';
import type { InboundMail } from './inbound-mail.js';

export type RejectedMailView = Omit<RejectedMailDocument, 'type' | 'tenantId'>;

export class RejectedMails {
  constructor(private readonly repository: TenantRepository<EmailDocument>) {}

  async record(mail: InboundMail, reason: string): Promise<void> {
    await this.repository.createIfAbsent({
      id: `rejected:${mail.id}`,
      type: 'rejected',
      receivedAt: mail.receivedAt,
      from: mail.from,
      to: mail.to,
      subject: mail.subject,
      reason,
    });
  }

  /** Newest first, `limit` a page. */
  async list(limit: number, continuationToken?: string): Promise<Page<RejectedMailView>> {
    const page = await this.repository.query({
      where: "c.type = 'rejected'",
      orderBy: 'c.receivedAt DESC',
      maxItemCount: limit,
      ...(continuationToken !== undefined ? { continuationToken } : {}),
    });
    return {
      items: page.items
        .filter((item): item is RejectedMailDocument & { _etag: string } => item.type === 'rejected')
        .map((item) => ({
          id: item.id.slice('rejected:'.length),
          receivedAt: item.receivedAt,
          from: item.from,
          to: item.to,
          subject: item.subject,
          reason: item.reason,
        })),
      ...(page.continuationToken ? { continuationToken: page.continuationToken } : {}),
    };
  }
}

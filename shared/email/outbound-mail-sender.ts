/**
 * Sends one `email-outbound` message: unless its sent record exists, attach the case's files, send with the
 * Message-ID derived from its key, then write the sent record. A message delivered again after the record
 * is written sends nothing; one whose send succeeded but whose record was lost (a crash in between) is sent
 * again with the same Message-ID, which receivers deduplicate.
 */
import { CaseflowError } from '../errors/caseflow-error.js';
import type { TenantRepository } from '../storage/tenant-repository.js';
import { isCaseFileName, type CaseFiles } from './case-files.js';
import type { EmailDocument } from './email-documents.js';
import type { MailTransport, TransportAttachment } from './mail-transport.js';
import { addressDomain, sentMailDocumentId, stableMessageId } from './message-id.js';
import type { OutboundMail } from './outbound-mail.js';

export interface OutboundMailSenderOptions {
  readonly email: (tenantId: string) => TenantRepository<EmailDocument>;
  readonly transport: MailTransport;
  readonly files: CaseFiles;
  readonly from: string;
  readonly now: () => Date;
}

export class OutboundMailSender {
  constructor(private readonly options: OutboundMailSenderOptions) {}

  async send(mail: OutboundMail): Promise<'sent' | 'already-sent'> {
    const repository = this.options.email(mail.tenantId);
    const id = sentMailDocumentId(mail.key);
    if (await repository.read(id)) return 'already-sent';
    const messageId = stableMessageId(
      mail.tenantId,
      mail.key,
      addressDomain(this.options.from) ?? 'caseflow.local',
    );
    await this.options.transport.send({
      from: this.options.from,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      messageId,
      ...(mail.replyTo !== undefined ? { replyTo: mail.replyTo } : {}),
      attachments: await this.attachments(mail),
    });
    await repository.createIfAbsent({
      id,
      type: 'sent',
      key: mail.key,
      messageId,
      to: mail.to,
      subject: mail.subject,
      sentAt: this.options.now().toISOString(),
    });
    return 'sent';
  }

  private async attachments(mail: OutboundMail): Promise<TransportAttachment[]> {
    const names = mail.attachments ?? [];
    if (names.length === 0) return [];
    if (mail.caseId === undefined) {
      throw new CaseflowError('email.attachment-missing', 'Attachments need the case that holds them.');
    }
    const found: TransportAttachment[] = [];
    for (const name of names) {
      const file = isCaseFileName(name)
        ? await this.options.files.read(mail.tenantId, mail.caseId, name)
        : undefined;
      if (!file) {
        throw new CaseflowError('email.attachment-missing', `The case has no file ${name}.`, { name });
      }
      found.push({
        filename: file.name ?? name,
        content: file.content,
        ...(file.contentType ? { contentType: file.contentType } : {}),
      });
    }
    return found;
  }
}

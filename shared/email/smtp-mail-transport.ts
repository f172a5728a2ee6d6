/** Sends over SMTP with nodemailer; the Message-ID is Caseflow's own (stable per mail), never generated. */
import nodemailer, { type Transporter } from 'nodemailer';
import type { MailTransport, TransportMail } from './mail-transport.js';

export interface SmtpOptions {
  readonly host: string;
  readonly port: number;
}

export class SmtpMailTransport implements MailTransport {
  readonly #transporter: Transporter;

  constructor(options: SmtpOptions) {
    // Port 465 is implicit TLS; others upgrade with STARTTLS when the server offers it.
    this.#transporter = nodemailer.createTransport({
      host: options.host,
      port: options.port,
      secure: options.port === 465,
      connectionTimeout: 30_000,
      greetingTimeout: 30_000,
      socketTimeout: 60_000,
    });
  }

  async send(mail: TransportMail): Promise<void> {
    await this.#transporter.sendMail({
      from: mail.from,
      to: [...mail.to],
      subject: mail.subject,
      text: mail.text,
      messageId: mail.messageId,
      ...(mail.replyTo !== undefined ? { replyTo: mail.replyTo } : {}),
      attachments: mail.attachments.map((attachment) => ({
        filename: attachment.filename,
        content: attachment.content,
        ...(attachment.contentType !== undefined ? { contentType: attachment.contentType } : {}),
      })),
    });
  }
}

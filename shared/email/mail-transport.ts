/** The SMTP side of sending: one finished mail out (nodemailer in the app, the local SMTP server in tests). */
export interface TransportAttachment {
  readonly filename: string;
  readonly content: Buffer;
  readonly contentType?: string;
}

export interface TransportMail {
  readonly from: string;
  readonly to: readonly string[];
  readonly subject: string;
  /** Text only: Caseflow never sends HTML. */
  readonly text: string;
  readonly messageId: string;
  readonly replyTo?: string;
  readonly attachments: readonly TransportAttachment[];
}

export interface MailTransport {
  send(mail: TransportMail): Promise<void>;
}

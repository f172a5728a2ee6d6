/** An inbound mail as the webhook parsed it: addresses, subject and the text body only (HTML stripped to text). */
export interface InboundMail {
  readonly id: string;
  readonly receivedAt: string;
  /** The From address, lower case: untrusted, it never authorises anything by itself. */
  readonly from: string;
  /** Every recipient (To, Cc, Delivered-To), lower case. */
  readonly to: readonly string[];
  readonly subject: string;
  readonly text: string;
  readonly messageId?: string;
  /** The mail's accepted attachments, each stored as its own blob beside the mail. */
  readonly attachments?: readonly InboundAttachment[];
}

export interface InboundAttachment {
  /** A plain file name (checked with `isCaseFileName`). */
  readonly name: string;
  readonly contentType: string;
  readonly size: number;
  /** The blob in the `email-inbound` container that holds the content. */
  readonly blob: string;
}

/** Where the webhook keeps accepted mails and their attachments, and how the queue function reads them back. */
export interface InboundMailStore {
  /** Writes the mail unless one with its id exists; `false`: it exists (a re-posted mail). */
  putMail(mail: InboundMail): Promise<boolean>;
  readMail(id: string): Promise<InboundMail | undefined>;
  putAttachment(blob: string, content: Buffer, contentType: string): Promise<void>;
  readAttachment(blob: string): Promise<Buffer | undefined>;
  /** Whether the mail was queued (a re-post of a mail whose queueing failed queues it again). */
  isQueued(id: string): Promise<boolean>;
  markQueued(id: string): Promise<void>;
}

/** The `email-inbound` queue: a reference to the stored mail, never the mail itself. */
export interface InboundMailQueue {
  send(mailId: string): Promise<void>;
}

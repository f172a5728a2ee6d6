/** An inbound mail as the webhook parsed it: addresses, subject and the text body only (HTML stripped to text). */
export interface InboundMail {
  readonly id: string;
  readonly receivedAt: string;
  /** The From address, lower case: untrusted, it never authorises anything by itself. */
  readonly from: string;
  readonly to: readonly string[];
  readonly subject: string;
  readonly text: string;
}

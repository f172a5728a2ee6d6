/**
 * A mail to send: the `email-outbound` queue's message. `key` names the happening it is for (`job:<id>`,
 * `notify:task-assigned:<task>`, ...) and gives the stable Message-ID and the sent record, so a message
 * delivered twice is sent once.
 */
export interface OutboundMail {
  readonly tenantId: string;
  readonly key: string;
  readonly to: readonly string[];
  readonly subject: string;
  readonly text: string;
  readonly replyTo?: string;
  /** The case whose files `attachments` name (blob `<tenantId>/<caseId>/<name>` in `case-attachments`). */
  readonly caseId?: string;
  readonly attachments?: readonly string[];
  /** Failed SMTP attempts so far (the queue function's back-off). */
  readonly attempt?: number;
}

export interface OutboundMailQueue {
  /** Sends the message, visible after `delaySeconds`. */
  send(mail: OutboundMail, delaySeconds?: number): Promise<void>;
}

const isStringList = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === 'string');

/** The message from the queue's text; anything else is not ours to send. */
export function parseOutboundMail(body: unknown): OutboundMail | undefined {
  const mail = body as Partial<Record<keyof OutboundMail, unknown>> | null;
  if (
    typeof mail?.tenantId !== 'string' ||
    typeof mail.key !== 'string' ||
    !isStringList(mail.to) ||
    mail.to.length === 0 ||
    typeof mail.subject !== 'string' ||
    typeof mail.text !== 'string'
  ) {
    return undefined;
  }
  return {
    tenantId: mail.tenantId,
    key: mail.key,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    ...(typeof mail.replyTo === 'string' ? { replyTo: mail.replyTo } : {}),
    ...(typeof mail.caseId === 'string' ? { caseId: mail.caseId } : {}),
    ...(isStringList(mail.attachments) ? { attachments: mail.attachments } : {}),
    ...(typeof mail.attempt === 'number' ? { attempt: mail.attempt } : {}),
  };
}

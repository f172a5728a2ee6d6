/**
 * The inbound mail webhook's work, HTTP-free: check the shared secret (constant time), the size and the
 * MIME, store the mail (text only) and its attachments, queue a reference. A re-posted mail (same sender
 * and Message-ID) gets the same id and is queued once; a mail stored but not queued (a crash in between)
 * is queued when it is posted again. Anything refused stores and queues nothing.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { CaseflowError } from '../errors/caseflow-error.js';
import type { InboundMailQueue, InboundMailStore } from './inbound-mail.js';
import { parseInboundMime } from './inbound-mime.js';

export interface InboundIntakePorts {
  readonly maxBytes: number;
  readonly store: InboundMailStore;
  readonly queue: InboundMailQueue;
  readonly now: () => Date;
}

export interface IntakeResult {
  readonly id: string;
  /** The mail was posted before (and queued then). */
  readonly duplicate: boolean;
}

export function checkInboundKey(configured: string | undefined, presented: string | undefined): void {
  if (configured === undefined) {
    throw new CaseflowError('email.inbound-disabled', 'Inbound mail is not configured (no shared secret).');
  }
  // Hashing both sides gives equal lengths, so the comparison takes the same time whatever was presented.
  const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
  if (presented === undefined || !timingSafeEqual(digest(configured), digest(presented))) {
    throw new CaseflowError('auth.unauthenticated', 'The inbound mail key is missing or wrong.');
  }
}

export async function acceptInboundMail(raw: Buffer, ports: InboundIntakePorts): Promise<IntakeResult> {
  if (raw.length > ports.maxBytes) {
    throw new CaseflowError('http.body-too-large', `The message is larger than ${ports.maxBytes} bytes.`, {
      maxBytes: ports.maxBytes,
    });
  }
  if (raw.length === 0)
    throw new CaseflowError('email.not-mime', 'The message is empty.', { reason: 'empty' });
  const outcome = await parseInboundMime(raw, ports.now().toISOString());
  if (!outcome.ok) {
    throw new CaseflowError(outcome.code, `The message was refused: ${outcome.reason}.`, {
      reason: outcome.reason,
    });
  }
  const stored = [];
  for (const [index, attachment] of outcome.attachments.entries()) {
    const blob = `${outcome.mail.id}/${index + 1}-${attachment.name}`;
    await ports.store.putAttachment(blob, attachment.content, attachment.contentType);
    stored.push({
      name: attachment.name,
      contentType: attachment.contentType,
      size: attachment.content.length,
      blob,
    });
  }
  const mail = { ...outcome.mail, attachments: stored };
  const created = await ports.store.putMail(mail);
  if (!created && (await ports.store.isQueued(mail.id))) return { id: mail.id, duplicate: true };
  await ports.queue.send(mail.id);
  await ports.store.markQueued(mail.id);
  return { id: mail.id, duplicate: !created };
}

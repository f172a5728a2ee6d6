/** The `email-inbound` queue on Azure Storage: `{ "mailId": … }` as base64 JSON (the trigger's default encoding). */
import type { QueueClient } from '@azure/storage-queue';
import type { InboundMailQueue } from '../email/inbound-mail.js';

export class StorageInboundMailQueue implements InboundMailQueue {
  constructor(private readonly queue: QueueClient) {}

  async send(mailId: string): Promise<void> {
    await this.queue.sendMessage(Buffer.from(JSON.stringify({ mailId }), 'utf8').toString('base64'));
  }
}

/** The mail id of a queue message (the trigger hands over the decoded JSON); anything else is undefined. */
export function inboundMailIdOf(body: unknown): string | undefined {
  const mailId = (body as { mailId?: unknown } | null)?.mailId;
  return typeof mailId === 'string' && /^[0-9a-f]{40}$/.test(mailId) ? mailId : undefined;
}

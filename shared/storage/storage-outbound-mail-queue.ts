/** The `email-outbound` queue on Azure Storage: base64 JSON, the queue trigger's default encoding. */
import type { QueueClient } from '@azure/storage-queue';
import type { OutboundMail, OutboundMailQueue } from '../email/outbound-mail.js';

export class StorageOutboundMailQueue implements OutboundMailQueue {
  constructor(private readonly queue: QueueClient) {}

  async send(mail: OutboundMail, delaySeconds = 0): Promise<void> {
    const text = Buffer.from(JSON.stringify(mail), 'utf8').toString('base64');
    await this.queue.sendMessage(text, delaySeconds > 0 ? { visibilityTimeout: delaySeconds } : {});
  }
}

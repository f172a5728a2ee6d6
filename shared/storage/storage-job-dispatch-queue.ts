/**
 * The job-dispatch queue on Azure Storage. Messages are base64-encoded JSON, the queue trigger's default
 * encoding (host.json `extensions.queues.messageEncoding`).
 */
import type { QueueClient } from '@azure/storage-queue';
import type { JobDispatchMessage, JobDispatchQueue } from '../jobs/job-dispatch-queue.js';

export class StorageJobDispatchQueue implements JobDispatchQueue {
  constructor(private readonly queue: QueueClient) {}

  async send(message: JobDispatchMessage, delaySeconds = 0): Promise<void> {
    const text = Buffer.from(JSON.stringify(message), 'utf8').toString('base64');
    await this.queue.sendMessage(text, delaySeconds > 0 ? { visibilityTimeout: delaySeconds } : {});
  }
}

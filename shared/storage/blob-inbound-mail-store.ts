/**
 * Inbound mails in the `email-inbound` blob container: `<id>.json` (the parsed mail, text only), its
 * attachments as `<id>/<n>-<name>`, and a `queued` metadata flag on the JSON once the queue has it.
 */
import type { ContainerClient } from '@azure/storage-blob';
import type { InboundMail, InboundMailStore } from '../email/inbound-mail.js';

const mailIdPattern = /^[0-9a-f]{40}$/;

export class BlobInboundMailStore implements InboundMailStore {
  constructor(private readonly container: ContainerClient) {}

  private mailBlob(id: string) {
    return this.container.getBlockBlobClient(`${id}.json`);
  }

  async putMail(mail: InboundMail): Promise<boolean> {
    try {
      await this.mailBlob(mail.id).uploadData(Buffer.from(JSON.stringify(mail), 'utf8'), {
        blobHTTPHeaders: { blobContentType: 'application/json' },
        conditions: { ifNoneMatch: '*' },
      });
      return true;
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 409) return false;
      throw error;
    }
  }

  async readMail(id: string): Promise<InboundMail | undefined> {
    if (!mailIdPattern.test(id)) return undefined;
    const blob = this.mailBlob(id);
    if (!(await blob.exists())) return undefined;
    return JSON.parse((await blob.downloadToBuffer()).toString('utf8')) as InboundMail;
  }

  async putAttachment(blob: string, content: Buffer, contentType: string): Promise<void> {
    await this.container.getBlockBlobClient(blob).uploadData(content, {
      blobHTTPHeaders: { blobContentType: contentType },
    });
  }

  async readAttachment(blob: string): Promise<Buffer | undefined> {
    const client = this.container.getBlockBlobClient(blob);
    return (await client.exists()) ? client.downloadToBuffer() : undefined;
  }

  async isQueued(id: string): Promise<boolean> {
    const properties = await this.mailBlob(id).getProperties();
    return properties.metadata?.queued === 'true';
  }

  async markQueued(id: string): Promise<void> {
    await this.mailBlob(id).setMetadata({ queued: 'true' });
  }
}

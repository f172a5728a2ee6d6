/**
 * Case attachment bytes in the `case-attachments` blob container, under
 * `<tenantId>/<caseId>/attachments/<uuid>` (case-attachments-service.ts names them). Downloads stream.
 */
import { Readable } from 'node:stream';
import type { ContainerClient } from '@azure/storage-blob';
import type { AttachmentBytes } from '../cases/attachment-bytes.js';

export class BlobAttachmentBytes implements AttachmentBytes {
  constructor(private readonly container: ContainerClient) {}

  async put(blobName: string, bytes: Uint8Array, contentType: string): Promise<void> {
    await this.container.getBlockBlobClient(blobName).uploadData(bytes, {
      blobHTTPHeaders: { blobContentType: contentType },
    });
  }

  async open(blobName: string): Promise<ReadableStream<Uint8Array> | undefined> {
    try {
      const download = await this.container.getBlockBlobClient(blobName).download();
      if (!download.readableStreamBody) return undefined;
      return Readable.toWeb(download.readableStreamBody as Readable) as ReadableStream<Uint8Array>;
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) return undefined;
      throw error;
    }
  }

  async delete(blobName: string): Promise<void> {
    await this.container.getBlockBlobClient(blobName).deleteIfExists();
  }
}

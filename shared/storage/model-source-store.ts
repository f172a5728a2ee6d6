/**
 * BPMN sources in the model-sources blob container, content-addressed per tenant
 * (`<tenantId>/<sha256>.bpmn`): uploading the same bytes twice writes the same blob, so the write is idempotent.
 */
import type { ContainerClient } from '@azure/storage-blob';

export class ModelSourceStore {
  constructor(private readonly container: ContainerClient) {}

  static blobName(tenantId: string, contentHash: string): string {
    return `${tenantId}/${contentHash}.bpmn`;
  }

  async put(tenantId: string, contentHash: string, bytes: Uint8Array): Promise<string> {
    const name = ModelSourceStore.blobName(tenantId, contentHash);
    await this.container.getBlockBlobClient(name).uploadData(bytes, {
      blobHTTPHeaders: { blobContentType: 'application/xml' },
    });
    return name;
  }

  async get(blobName: string): Promise<Buffer> {
    return this.container.getBlockBlobClient(blobName).downloadToBuffer();
  }
}

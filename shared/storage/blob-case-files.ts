/** A case's files in the `case-attachments` blob container, `<tenantId>/<caseId>/<name>`. */
import type { ContainerClient } from '@azure/storage-blob';
import type { CaseFile, CaseFiles } from '../email/case-files.js';

export class BlobCaseFiles implements CaseFiles {
  constructor(private readonly container: ContainerClient) {}

  private blob(tenantId: string, caseId: string, name: string) {
    return this.container.getBlockBlobClient(`${tenantId}/${caseId}/${name}`);
  }

  async read(tenantId: string, caseId: string, name: string): Promise<CaseFile | undefined> {
    const blob = this.blob(tenantId, caseId, name);
    if (!(await blob.exists())) return undefined;
    const properties = await blob.getProperties();
    return {
      content: await blob.downloadToBuffer(),
      ...(properties.contentType !== undefined ? { contentType: properties.contentType } : {}),
    };
  }

  async write(tenantId: string, caseId: string, name: string, file: CaseFile): Promise<void> {
    await this.blob(tenantId, caseId, name).uploadData(file.content, {
      blobHTTPHeaders: { blobContentType: file.contentType ?? 'application/octet-stream' },
    });
  }
}

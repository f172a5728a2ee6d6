/**
 * Case files that also resolve `attachment:<attachmentId>`: an attachment uploaded through the Cases API
 * (case-attachments-service.ts), mailed under its own file name. Other names are the plain case files.
 */
import type { AttachmentBytes } from '../cases/attachment-bytes.js';
import { attachmentDocumentId } from '../cases/case-documents.js';
import type { CaseStore } from '../cases/case-store.js';
import type { CaseFile, CaseFiles } from './case-files.js';

export const attachmentReferencePrefix = 'attachment:';

export class AttachmentCaseFiles implements CaseFiles {
  constructor(
    private readonly files: CaseFiles,
    private readonly stores: (tenantId: string) => CaseStore,
    private readonly bytes: AttachmentBytes,
  ) {}

  async read(tenantId: string, caseId: string, name: string): Promise<CaseFile | undefined> {
    if (!name.startsWith(attachmentReferencePrefix)) return this.files.read(tenantId, caseId, name);
    const attachmentId = name.slice(attachmentReferencePrefix.length);
    const document = await this.stores(tenantId).repository.read(attachmentDocumentId(caseId, attachmentId));
    if (document?.type !== 'attachment') return undefined;
    const content = await this.bytes.open(document.blobName);
    if (!content) return undefined;
    return {
      content: Buffer.from(await new Response(content).arrayBuffer()),
      contentType: document.contentType,
      name: document.name,
    };
  }

  write(tenantId: string, caseId: string, name: string, file: CaseFile): Promise<void> {
    return this.files.write(tenantId, caseId, name, file);
  }
}

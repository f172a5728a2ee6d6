/**
 * The clean-up of orphan attachment blobs. An upload writes its blob before the metadata document that names
 * it, and a delete removes the document before the blob: a crash in between leaves a blob that nothing lists
 * or serves (docs/data.md#attachments). This deletes such blobs once they are older than a grace period (an
 * upload in flight has its blob but not yet its document), reading the blob container page by page and, per
 * case, the attachment documents of that case in its tenant's partition (the tenant and the case come from
 * the blob path `<tenantId>/<caseId>/attachments/<uuid>`; other blobs, like email's case files, are left
 * alone). Deleting a missing blob is fine, so an interrupted or repeated run does no harm.
 */
import type { Container } from '@azure/cosmos';
import type { ContainerClient } from '@azure/storage-blob';
import { attachmentsOfCase, type AttachmentDocument } from '../cases/case-documents.js';
import { TenantRepository } from './tenant-repository.js';

export interface OrphanSweepOptions {
  /** Blobs last modified before this may be deleted; younger ones are left for their upload to finish. */
  readonly olderThan: Date;
  readonly pageSize?: number;
}

export interface OrphanSweepResult {
  /** Attachment blobs looked at (old enough or not). */
  readonly examined: number;
  /** The names of the blobs deleted. */
  readonly deleted: readonly string[];
}

const attachmentBlobPath = /^([^/]+)\/([^/]+)\/attachments\/[^/]+$/;

export async function deleteOrphanAttachmentBlobs(
  blobs: ContainerClient,
  cases: Container,
  options: OrphanSweepOptions,
): Promise<OrphanSweepResult> {
  let examined = 0;
  const deleted: string[] = [];
  const pages = blobs.listBlobsFlat().byPage({ maxPageSize: options.pageSize ?? 500 });
  for await (const page of pages) {
    const oldByCase = new Map<string, { tenantId: string; caseId: string; names: string[] }>();
    for (const blob of page.segment.blobItems) {
      const match = attachmentBlobPath.exec(blob.name);
      if (!match) continue;
      examined++;
      if (blob.properties.lastModified >= options.olderThan) continue;
      const [, tenantId, caseId] = match as unknown as [string, string, string];
      const key = `${tenantId}/${caseId}`;
      const group = oldByCase.get(key) ?? { tenantId, caseId, names: [] };
      group.names.push(blob.name);
      oldByCase.set(key, group);
    }
    for (const { tenantId, caseId, names } of oldByCase.values()) {
      const named = await blobNamesOfCase(cases, tenantId, caseId);
      for (const name of names) {
        if (named.has(name)) continue;
        await blobs.getBlockBlobClient(name).deleteIfExists();
        deleted.push(name);
      }
    }
  }
  return { examined, deleted };
}

/** The blobs the case's attachment documents name. */
async function blobNamesOfCase(cases: Container, tenantId: string, caseId: string): Promise<Set<string>> {
  const repository = new TenantRepository<AttachmentDocument>(cases, tenantId);
  const attachments = await repository.queryAll({
    ...attachmentsOfCase(caseId),
  });
  return new Set(attachments.map((attachment) => attachment.blobName));
}

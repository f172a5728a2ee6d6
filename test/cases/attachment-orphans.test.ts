import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Container } from '@azure/cosmos';
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import { createLocalCosmosClient } from '../../local/emulators/index.js';
import { startLocalCloud, type LocalCloud } from '../../local/start-local-cloud.js';
import type { AttachmentDocument } from '../../shared/cases/case-documents.js';
import { blobContainers, cosmosContainers, cosmosDatabase, settings } from '../../shared/config/registry.js';
import { deleteOrphanAttachmentBlobs } from '../../shared/storage/attachment-orphans.js';
import { TenantRepository } from '../../shared/storage/tenant-repository.js';
import { apiUser, eventually, type ApiUser } from '../support/caseflow-api.js';
import { oneUserTaskProcess } from '../support/models.js';
import { repositoryRoot } from '../support/paths.js';
import { makeTempDir } from '../support/temp-dir.js';

const model = oneUserTaskProcess('papers');

/** The timer's grace period in this cloud: short, so a forged orphan ages past it within the test. */
const graceSeconds = 3;

describe('the orphan attachment blob clean-up', () => {
  const dataDir = makeTempDir('attachment-orphans');
  let cloud: LocalCloud;
  let service: BlobServiceClient;
  let cases: Container;
  let walter: ApiUser;

  before(async () => {
    cloud = await startLocalCloud({
      appRoot: repositoryRoot,
      dataDir: dataDir.path,
      ports: 'free',
      settings: {
        [settings.attachmentOrphanSchedule.name]: '* * * * * *',
        [settings.attachmentOrphanGraceSeconds.name]: String(graceSeconds),
      },
    });
    service = BlobServiceClient.fromConnectionString(cloud.emulators.settings.AzureWebJobsStorage ?? '');
    cases = createLocalCosmosClient(cloud.emulators.cosmos)
      .database(cosmosDatabase.name)
      .container(cosmosContainers.cases.name);
    const dave = await apiUser(() => cloud.host.url, 'contoso', 'dave');
    walter = await apiUser(() => cloud.host.url, 'contoso', 'walter');
    assert.equal((await dave.send('POST', '/api/models', model, 'application/xml')).status, 201);
  });
  after(async () => {
    await cloud?.stop();
    dataDir.remove();
  });

  const put = async (blobs: ContainerClient, name: string) => {
    await blobs.getBlockBlobClient(name).uploadData(Buffer.from(name));
    return (await blobs.getBlockBlobClient(name).getProperties()).lastModified!;
  };
  const exists = (blobs: ContainerClient, name: string) => blobs.getBlockBlobClient(name).exists();

  it('deletes old attachment blobs no document names, and leaves young, named and other blobs', async () => {
    // A container of its own, so the running timer never touches these blobs.
    const blobs = service.getContainerClient(`orphans-${randomUUID()}`);
    await blobs.create();
    const named = `contoso/case-1/attachments/${randomUUID()}`;
    await new TenantRepository<AttachmentDocument>(cases, 'contoso').create({
      id: `attachment:case-1:${randomUUID()}`,
      type: 'attachment',
      caseId: 'case-1',
      attachmentId: 'a-1',
      name: 'kept.txt',
      contentType: 'text/plain',
      size: 1,
      sha256: '00',
      blobName: named,
      uploadedBy: 'walter',
      uploadedAt: new Date().toISOString(),
    });
    const oldOrphans = [
      `contoso/case-1/attachments/${randomUUID()}`,
      `contoso/case-2/attachments/${randomUUID()}`,
      // The same case id in another tenant: its documents are not contoso's.
      `fabrikam/case-1/attachments/${randomUUID()}`,
    ];
    const others = ['contoso/case-1/quote.pdf', 'contoso/case-1/attachments', 'contoso/a/attachments/b/c'];
    let newest = new Date(0);
    for (const name of [named, ...oldOrphans, ...others]) {
      const modified = await put(blobs, name);
      if (modified > newest) newest = modified;
    }
    // Blob times have whole seconds: the cut-off is a second after the newest of them, and the young
    // orphan is written once the clock is a further second on.
    const olderThan = new Date(newest.getTime() + 1000);
    await eventually('the clock past the cut-off', async () =>
      Date.now() >= olderThan.getTime() + 1000 ? true : undefined,
    );
    const young = `contoso/case-1/attachments/${randomUUID()}`;
    await put(blobs, young);

    const first = await deleteOrphanAttachmentBlobs(blobs, cases, { olderThan, pageSize: 2 });
    assert.deepEqual([...first.deleted].sort(), [...oldOrphans].sort());
    assert.equal(first.examined, 5);
    for (const name of oldOrphans) assert.equal(await exists(blobs, name), false, name);
    for (const name of [named, young, ...others]) assert.equal(await exists(blobs, name), true, name);

    const again = await deleteOrphanAttachmentBlobs(blobs, cases, { olderThan, pageSize: 2 });
    assert.deepEqual(again.deleted, []);
    await blobs.delete();
  });

  it('runs on its timer: a forged orphan goes once past the grace period, an uploaded attachment stays', async () => {
    const started = await walter.post('/api/cases', { processKey: 'papers' });
    const { id: caseId } = (await started.json()) as { id: string };
    const uploaded = await walter.fetch(`/api/cases/${caseId}/attachments?name=notes.txt`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'notes',
    });
    assert.equal(uploaded.status, 201);
    const { id: attachmentId } = (await uploaded.json()) as { id: string };
    const blobs = service.getContainerClient(blobContainers.caseAttachments.name);
    const orphan = `contoso/${caseId}/attachments/${randomUUID()}`;
    await put(blobs, orphan);
    await eventually('the orphan deleted', async () => ((await exists(blobs, orphan)) ? undefined : true));
    const download = await walter.send('GET', `/api/cases/${caseId}/attachments/${attachmentId}/content`);
    assert.equal(await download.text(), 'notes');
  });
});

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import { startLocalCloud, type LocalCloud } from '../../local/start-local-cloud.js';
import { blobContainers, settings } from '../../shared/config/registry.js';
import { apiUser, eventually, type ApiUser } from '../support/caseflow-api.js';
import { oneUserTaskProcess } from '../support/models.js';
import { repositoryRoot } from '../support/paths.js';
import { makeTempDir } from '../support/temp-dir.js';

const model = oneUserTaskProcess('papers');

const maxBytes = 4096;
const perCase = 4;
/** A PDF as far as signatures go, with bytes that are not valid UTF-8. */
const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from([0xff, 0xfe, 0x00, 0x80, 0xc3])]);

interface Attachment {
  id: string;
  caseId: string;
  name: string;
  contentType: string;
  size: number;
  sha256: string;
  uploadedBy: string;
}
interface Problem {
  code: string;
}

describe('case attachments on the local cloud', () => {
  const dataDir = makeTempDir('case-attachments');
  let cloud: LocalCloud;
  let blobs: ContainerClient;
  const users: Record<string, ApiUser> = {};

  before(async () => {
    cloud = await startLocalCloud({
      appRoot: repositoryRoot,
      dataDir: dataDir.path,
      ports: 'free',
      settings: {
        [settings.attachmentMaxBytes.name]: String(maxBytes),
        [settings.attachmentsPerCase.name]: String(perCase),
      },
    });
    blobs = BlobServiceClient.fromConnectionString(
      cloud.emulators.settings.AzureWebJobsStorage ?? '',
    ).getContainerClient(blobContainers.caseAttachments.name);
    for (const [tenantId, userId] of [
      ['contoso', 'dave'],
      ['contoso', 'walter'],
      ['contoso', 'wendy'],
      ['contoso', 'alice'],
      ['fabrikam', 'frank'],
    ] as const) {
      users[userId] = await apiUser(() => cloud.host.url, tenantId, userId);
    }
    assert.equal((await users.dave!.send('POST', '/api/models', model, 'application/xml')).status, 201);
  });
  after(async () => {
    await cloud?.stop();
    dataDir.remove();
  });

  async function startCase(): Promise<string> {
    const started = await users.walter!.post('/api/cases', { processKey: 'papers' });
    assert.equal(started.status, 201);
    return ((await started.json()) as { id: string }).id;
  }

  function upload(
    user: ApiUser,
    caseId: string,
    body: Uint8Array,
    contentType: string,
    headers: Record<string, string> = {},
    query = '',
  ): Promise<Response> {
    return user.fetch(`/api/cases/${caseId}/attachments${query}`, {
      method: 'POST',
      headers: { 'content-type': contentType, ...headers },
      body,
    });
  }

  const list = async (caseId: string) =>
    (await users.walter!.get<{ items: Attachment[] }>(`/api/cases/${caseId}/attachments`)).items;

  async function blobNames(caseId: string): Promise<string[]> {
    const names: string[] = [];
    for await (const blob of blobs.listBlobsFlat({ prefix: `contoso/${caseId}/` })) names.push(blob.name);
    return names;
  }

  async function timelineEvents(caseId: string, count: number): Promise<string[]> {
    return eventually(`${count} attachment events on the timeline`, async () => {
      const { items } = await users.walter!.get<{ items: { event?: string; detail?: { name?: string } }[] }>(
        `/api/cases/${caseId}/timeline`,
      );
      const events = items
        .filter((item) => item.event?.startsWith('attachment'))
        .map((item) => `${item.event} ${item.detail?.name}`);
      return events.length >= count ? events : undefined;
    });
  }

  it('stores an upload, lists it, and downloads the same bytes with safe headers', async () => {
    const caseId = await startCase();
    const response = await upload(users.walter!, caseId, pdf, 'application/pdf', {
      'x-file-name': encodeURIComponent('Quote "März".pdf'),
    });
    assert.equal(response.status, 201, await response.clone().text());
    const stored = (await response.json()) as Attachment;
    assert.deepEqual(
      { ...stored, id: undefined },
      {
        id: undefined,
        caseId,
        name: 'Quote "März".pdf',
        contentType: 'application/pdf',
        size: pdf.length,
        sha256: createHash('sha256').update(pdf).digest('hex'),
        uploadedBy: 'walter',
        uploadedAt: (stored as unknown as { uploadedAt: string }).uploadedAt,
      },
    );
    assert.deepEqual(
      (await list(caseId)).map((item) => item.id),
      [stored.id],
    );
    assert.deepEqual(await users.dave!.get<Attachment>(`/api/cases/${caseId}/attachments/${stored.id}`), {
      ...stored,
    });
    const download = await users.dave!.send('GET', `/api/cases/${caseId}/attachments/${stored.id}/content`);
    assert.equal(download.status, 200);
    assert.deepEqual(Buffer.from(await download.arrayBuffer()), pdf);
    assert.equal(download.headers.get('content-type'), 'application/pdf');
    assert.equal(download.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(
      download.headers.get('content-disposition'),
      `attachment; filename="Quote _M_rz_.pdf"; filename*=UTF-8''Quote%20%22M%C3%A4rz%22.pdf`,
    );
    assert.deepEqual(await timelineEvents(caseId, 1), ['attachmentAdded Quote "März".pdf']);
  });

  it('keeps only the last segment of a path-like name and refuses uploads without a usable name', async () => {
    const caseId = await startCase();
    const stored = (await (
      await upload(
        users.walter!,
        caseId,
        Buffer.from('notes'),
        'text/plain',
        {},
        '?name=..%2F..%2Fetc%2Fpasswd',
      )
    ).json()) as Attachment;
    assert.equal(stored.name, 'passwd');
    for (const query of ['', '?name=..', '?name=%2F%2F']) {
      const refused = await upload(users.walter!, caseId, Buffer.from('x'), 'text/plain', {}, query);
      assert.equal(refused.status, 400, query);
      assert.equal(((await refused.json()) as Problem).code, 'http.validation-failed');
    }
    assert.equal((await list(caseId)).length, 1);
  });

  it('refuses a too large body (413) and a type outside the allow-list or unlike its bytes (415), storing nothing', async () => {
    const caseId = await startCase();
    const refusals: [Uint8Array, string, number, string][] = [
      [Buffer.alloc(maxBytes + 1, 'a'), 'text/plain', 413, 'http.body-too-large'],
      [Buffer.from('MZ executable'), 'application/x-msdownload', 415, 'http.unsupported-media-type'],
      [Buffer.from('<html><script>alert(1)</script>'), 'text/html', 415, 'http.unsupported-media-type'],
      [Buffer.from('not a pdf'), 'application/pdf', 415, 'http.unsupported-media-type'],
    ];
    for (const [body, type, status, code] of refusals) {
      const response = await upload(users.walter!, caseId, body, type, { 'x-file-name': 'file' });
      assert.equal(response.status, status, type);
      assert.equal(((await response.json()) as Problem).code, code);
    }
    assert.deepEqual(await list(caseId), []);
    assert.deepEqual(await blobNames(caseId), []);
  });

  it('answers 404 to the other tenant and to a worker who may not see the case, on every operation', async () => {
    const caseId = await startCase();
    const stored = (await (
      await upload(users.walter!, caseId, Buffer.from('private'), 'text/plain', { 'x-file-name': 'p.txt' })
    ).json()) as Attachment;
    for (const user of [users.frank!, users.wendy!]) {
      const base = `/api/cases/${caseId}/attachments`;
      const answers = [
        await user.send('GET', base),
        await user.send('GET', `${base}/${stored.id}`),
        await user.send('GET', `${base}/${stored.id}/content`),
        await user.send('DELETE', `${base}/${stored.id}`),
        await upload(user, caseId, Buffer.from('intruder'), 'text/plain', { 'x-file-name': 'i.txt' }),
      ];
      for (const answer of answers) {
        assert.equal(answer.status, 404);
        const text = await answer.text();
        assert.equal((JSON.parse(text) as Problem).code, 'cases.not-found');
        assert.ok(!text.includes('private'));
      }
    }
    assert.deepEqual(
      (await list(caseId)).map((item) => item.id),
      [stored.id],
    );
  });

  it('returns the stored attachment for a repeated Idempotency-Key or the same name and bytes', async () => {
    const caseId = await startCase();
    const first = await upload(users.walter!, caseId, Buffer.from('v1'), 'text/plain', {
      'x-file-name': 'a.txt',
      'idempotency-key': 'upload-1',
    });
    assert.equal(first.status, 201);
    const { id } = (await first.json()) as Attachment;
    // The same key wins even over other bytes: the client retried one request.
    const retried = await upload(users.walter!, caseId, Buffer.from('v2'), 'text/plain', {
      'x-file-name': 'a.txt',
      'idempotency-key': 'upload-1',
    });
    assert.equal(retried.status, 200);
    assert.equal(((await retried.json()) as Attachment).id, id);
    const again = await upload(users.walter!, caseId, Buffer.from('same'), 'text/plain', {
      'x-file-name': 'b.txt',
    });
    const sameAgain = await upload(users.walter!, caseId, Buffer.from('same'), 'text/plain', {
      'x-file-name': 'b.txt',
    });
    assert.deepEqual([again.status, sameAgain.status], [201, 200]);
    assert.equal(((await again.json()) as Attachment).id, ((await sameAgain.json()) as Attachment).id);
    assert.equal((await list(caseId)).length, 2);
    assert.equal((await blobNames(caseId)).length, 2);
    assert.deepEqual(await timelineEvents(caseId, 2), ['attachmentAdded a.txt', 'attachmentAdded b.txt']);
  });

  it('lets the uploader or an admin delete an attachment, removing its bytes and recording it', async () => {
    const caseId = await startCase();
    const uploadText = async (name: string) =>
      (await (
        await upload(users.walter!, caseId, Buffer.from(name), 'text/plain', { 'x-file-name': name })
      ).json()) as Attachment;
    const mine = await uploadText('mine.txt');
    const other = await uploadText('other.txt');
    const path = (attachment: Attachment) => `/api/cases/${caseId}/attachments/${attachment.id}`;
    // A designer sees the case, but neither uploaded the file nor administers.
    const forbidden = await users.dave!.send('DELETE', path(mine));
    assert.equal(forbidden.status, 403);
    assert.equal((await users.walter!.send('DELETE', path(mine))).status, 204);
    assert.equal((await users.alice!.send('DELETE', path(other))).status, 204);
    for (const attachment of [mine, other]) {
      assert.equal((await users.walter!.send('GET', path(attachment))).status, 404);
      const gone = await users.walter!.send('GET', `${path(attachment)}/content`);
      assert.equal(((await gone.json()) as Problem).code, 'attachments.not-found');
    }
    assert.deepEqual(await list(caseId), []);
    assert.deepEqual(await blobNames(caseId), []);
    assert.deepEqual(await timelineEvents(caseId, 4), [
      'attachmentAdded mine.txt',
      'attachmentAdded other.txt',
      'attachmentDeleted mine.txt',
      'attachmentDeleted other.txt',
    ]);
  });

  it('holds at most the configured number of attachments per case', async () => {
    const caseId = await startCase();
    for (let index = 0; index < perCase; index++) {
      const response = await upload(users.walter!, caseId, Buffer.from(`f${index}`), 'text/plain', {
        'x-file-name': `f${index}.txt`,
      });
      assert.equal(response.status, 201);
    }
    const refused = await upload(users.walter!, caseId, Buffer.from('one more'), 'text/plain', {
      'x-file-name': 'more.txt',
    });
    assert.equal(refused.status, 409);
    assert.equal(((await refused.json()) as Problem).code, 'attachments.limit-reached');
    const page = await users.walter!.get<{ items: Attachment[]; continuationToken?: string }>(
      `/api/cases/${caseId}/attachments?limit=3`,
    );
    assert.equal(page.items.length, 3);
    assert.ok(page.continuationToken);
    const rest = await users.walter!.get<{ items: Attachment[] }>(
      `/api/cases/${caseId}/attachments?limit=3&continuationToken=${encodeURIComponent(page.continuationToken)}`,
    );
    assert.deepEqual(
      [...page.items, ...rest.items].map((item) => item.name),
      ['f0.txt', 'f1.txt', 'f2.txt', 'f3.txt'],
    );
  });

  it('lets exactly the limit of racing uploads in, stores nothing for the others, and frees a slot on delete', async () => {
    const caseId = await startCase();
    const racers = 3 * perCase;
    const answers = await Promise.all(
      Array.from({ length: racers }, (_, index) =>
        upload(users.walter!, caseId, Buffer.from(`race ${index}`), 'text/plain', {
          'x-file-name': `race-${index}.txt`,
        }),
      ),
    );
    const statuses = answers.map((answer) => answer.status).sort();
    assert.deepEqual(statuses, [...Array(perCase).fill(201), ...Array(racers - perCase).fill(409)]);
    for (const answer of answers.filter((each) => each.status === 409)) {
      assert.equal(((await answer.json()) as Problem).code, 'attachments.limit-reached');
    }
    const stored = await list(caseId);
    assert.equal(stored.length, perCase);
    assert.equal((await blobNames(caseId)).length, perCase);
    // Re-uploading a stored file is idempotent, not a new attachment: it needs no free slot.
    const first = stored[0]!;
    const index = first.name.replace(/\D/g, '');
    const repeated = await upload(users.walter!, caseId, Buffer.from(`race ${index}`), 'text/plain', {
      'x-file-name': first.name,
    });
    assert.equal(repeated.status, 200);
    const deleted = await users.walter!.send('DELETE', `/api/cases/${caseId}/attachments/${first.id}`);
    assert.equal(deleted.status, 204);
    const afterDelete = await Promise.all(
      ['late-1.txt', 'late-2.txt', 'late-3.txt'].map((name) =>
        upload(users.walter!, caseId, Buffer.from(name), 'text/plain', { 'x-file-name': name }),
      ),
    );
    assert.deepEqual(afterDelete.map((answer) => answer.status).sort(), [201, 409, 409]);
    assert.equal((await list(caseId)).length, perCase);
    assert.equal((await blobNames(caseId)).length, perCase);
  });

  it('keeps the attachments of a closed case readable but refuses changes with 409', async () => {
    const caseId = await startCase();
    const stored = (await (
      await upload(users.walter!, caseId, Buffer.from('kept'), 'text/plain', { 'x-file-name': 'kept.txt' })
    ).json()) as Attachment;
    assert.equal((await users.walter!.post(`/api/cases/${caseId}/cancel`)).status, 202);
    await eventually('the case to end', async () => {
      const found = await users.walter!.get<{ status: string }>(`/api/cases/${caseId}`);
      return found.status === 'active' ? undefined : found;
    });
    const download = await users.walter!.send('GET', `/api/cases/${caseId}/attachments/${stored.id}/content`);
    assert.equal(await download.text(), 'kept');
    const refused = [
      await upload(users.walter!, caseId, Buffer.from('late'), 'text/plain', { 'x-file-name': 'late.txt' }),
      await users.walter!.send('DELETE', `/api/cases/${caseId}/attachments/${stored.id}`),
    ];
    for (const answer of refused) {
      assert.equal(answer.status, 409);
      assert.equal(((await answer.json()) as Problem).code, 'cases.closed');
    }
    assert.equal((await list(caseId)).length, 1);
  });
});

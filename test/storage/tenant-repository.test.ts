import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Container } from '@azure/cosmos';
import { createLocalCosmosClient } from '../../local/emulators/cosmos-client.js';
import { startCosmos, type RunningCosmos } from '../../local/emulators/cosmos.js';
import { ensureLocalCertificate } from '../../local/emulators/local-certificate.js';
import { CaseflowError } from '../../shared/errors/caseflow-error.js';
import { TenantRepository } from '../../shared/storage/tenant-repository.js';
import { makeTempDir } from '../support/temp-dir.js';

interface Note {
  id: string;
  tenantId: string;
  text: string;
}

const hasCode = (code: string) => (error: unknown) => error instanceof CaseflowError && error.code === code;

describe('TenantRepository (on the local Cosmos DB)', () => {
  const dataDir = makeTempDir('tenant-repository');
  let cosmos: RunningCosmos;
  let container: Container;

  before(async () => {
    cosmos = await startCosmos({
      dataDir: dataDir.path,
      certificate: await ensureLocalCertificate(dataDir.path),
    });
    const client = createLocalCosmosClient(cosmos.connection);
    const { database } = await client.databases.createIfNotExists({ id: 'caseflow' });
    ({ container } = await database.containers.createIfNotExists({
      id: 'notes',
      partitionKey: { paths: ['/tenantId'] },
    }));
  });
  after(async () => {
    await cosmos.stop();
    dataDir.remove();
  });

  it("stamps the tenant on every document and never reads or queries another tenant's", async () => {
    const contoso = new TenantRepository<Note>(container, 'contoso');
    const fabrikam = new TenantRepository<Note>(container, 'fabrikam');
    const stored = await contoso.create({ id: 'shared-id', text: 'contoso' });
    assert.equal(stored.tenantId, 'contoso');
    assert.equal(await fabrikam.read('shared-id'), undefined);
    await fabrikam.create({ id: 'shared-id', text: 'fabrikam' });
    assert.equal((await contoso.read('shared-id'))?.text, 'contoso');
    assert.deepEqual(
      (await fabrikam.queryAll()).map((note) => note.text),
      ['fabrikam'],
    );
  });

  it('reads ids Cosmos DB cannot hold as absent instead of failing', async () => {
    const repository = new TenantRepository<Note>(container, 'contoso');
    for (const id of ['', 'a/b', 'a#b', 'a?b', 'a\\b', 'x'.repeat(256)]) {
      assert.equal(await repository.read(id), undefined, JSON.stringify(id));
    }
  });

  it('reports an existing id as storage.conflict, and createIfAbsent returns the existing document', async () => {
    const repository = new TenantRepository<Note>(container, 'idempotent');
    await repository.create({ id: 'once', text: 'first' });
    await assert.rejects(repository.create({ id: 'once', text: 'second' }), hasCode('storage.conflict'));
    const again = await repository.createIfAbsent({ id: 'once', text: 'second' });
    assert.equal(again.created, false);
    assert.equal(again.document.text, 'first');
  });

  it('replaces only with the current ETag; a stale one is storage.etag-mismatch', async () => {
    const repository = new TenantRepository<Note>(container, 'race');
    const original = await repository.create({ id: 'raced', text: 'v1' });
    const winner = await repository.replace({ id: 'raced', text: 'v2' }, original._etag);
    assert.notEqual(winner._etag, original._etag);
    await assert.rejects(
      repository.replace({ id: 'raced', text: 'v3' }, original._etag),
      hasCode('storage.etag-mismatch'),
    );
    assert.equal((await repository.read('raced'))?.text, 'v2');
  });

  it('pages a query with continuation tokens', async () => {
    const repository = new TenantRepository<Note>(container, 'paging');
    for (const id of ['a', 'b', 'c']) await repository.create({ id, text: id });
    const first = await repository.query({
      where: 'c.text != @none',
      parameters: [{ name: '@none', value: '' }],
      maxItemCount: 2,
    });
    assert.equal(first.items.length, 2);
    assert.ok(first.continuationToken);
    const second = await repository.query({ maxItemCount: 2, continuationToken: first.continuationToken });
    assert.deepEqual([...first.items, ...second.items].map((note) => note.id).sort(), ['a', 'b', 'c']);
    assert.equal(second.continuationToken, undefined);
  });
});

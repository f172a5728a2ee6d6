import assert from 'node:assert/strict';
import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ChangeFeedStartFrom, type Container } from '@azure/cosmos';
import { createLocalCosmosClient } from '../../local/emulators/cosmos-client.js';
import { startCosmos, type RunningCosmos } from '../../local/emulators/cosmos.js';
import { ensureLocalCertificate, type LocalCertificate } from '../../local/emulators/local-certificate.js';
import { makeTempDir } from '../support/temp-dir.js';

interface CaseDocument {
  id: string;
  tenantId: string;
  state: string;
  step?: number;
}

describe('local Cosmos DB', () => {
  const dataDir = makeTempDir('cosmos');
  let certificate: LocalCertificate;
  let cosmos: RunningCosmos;

  const openCases = async (): Promise<Container> => {
    const client = createLocalCosmosClient(cosmos.connection);
    const { database } = await client.databases.createIfNotExists({ id: 'caseflow' });
    const { container } = await database.containers.createIfNotExists({
      id: 'cases',
      partitionKey: { paths: ['/tenantId'] },
    });
    return container;
  };

  before(async () => {
    certificate = await ensureLocalCertificate(dataDir.path);
    cosmos = await startCosmos({ dataDir: dataDir.path, certificate });
  });
  after(async () => {
    await cosmos.stop();
    dataDir.remove();
  });

  it('serves HTTPS that a client trusting only the local certificate accepts', async () => {
    assert.match(cosmos.connection.endpoint, /^https:\/\/127\.0\.0\.1:\d+\/$/);
    assert.equal(cosmos.connection.caPem, certificate.certPem);
    const { resource } = await createLocalCosmosClient(cosmos.connection).getDatabaseAccount();
    assert.ok(resource);
  });

  it('creates, reads, replaces, deletes and queries items', async () => {
    const cases = await openCases();
    await cases.items.create<CaseDocument>({ id: 'c-1', tenantId: 't-1', state: 'open', step: 1 });
    await cases.items.create<CaseDocument>({ id: 'c-2', tenantId: 't-1', state: 'open', step: 2 });
    await cases.items.create<CaseDocument>({ id: 'c-3', tenantId: 't-2', state: 'closed', step: 3 });

    const { resource: read } = await cases.item('c-1', 't-1').read<CaseDocument>();
    assert.equal(read?.state, 'open');
    await cases.item('c-1', 't-1').replace<CaseDocument>({ ...read!, state: 'done' });
    assert.equal((await cases.item('c-1', 't-1').read<CaseDocument>()).resource?.state, 'done');

    const { resources: openInTenant } = await cases.items
      .query<string>({
        query:
          'SELECT VALUE c.id FROM c WHERE c.tenantId = @tenant AND c.state = @state ORDER BY c.step DESC',
        parameters: [
          { name: '@tenant', value: 't-1' },
          { name: '@state', value: 'open' },
        ],
      })
      .fetchAll();
    assert.deepEqual(openInTenant, ['c-2']);

    await cases.item('c-2', 't-1').delete();
    const { statusCode } = await cases.item('c-2', 't-1').read();
    assert.equal(statusCode, 404);
  });

  it('rejects a replace with a stale ETag (412)', async () => {
    const cases = await openCases();
    const { resource: created } = await cases.items.create<CaseDocument>({
      id: 'c-etag',
      tenantId: 't-1',
      state: 'a',
    });
    await cases.item('c-etag', 't-1').replace<CaseDocument>({ id: 'c-etag', tenantId: 't-1', state: 'b' });
    await assert.rejects(
      cases
        .item('c-etag', 't-1')
        .replace<CaseDocument>(
          { id: 'c-etag', tenantId: 't-1', state: 'c' },
          { accessCondition: { type: 'IfMatch', condition: created!._etag } },
        ),
      (error: { code?: number }) => error.code === 412,
    );
  });

  it('runs transactional batches and patches, and reports changes through the change feed', async () => {
    const cases = await openCases();
    const feed = cases.items.getChangeFeedIterator({
      changeFeedStartFrom: ChangeFeedStartFrom.Beginning(),
    });
    await cases.items.batch(
      [
        { operationType: 'Create', resourceBody: { id: 'b-1', tenantId: 't-b', state: 'open', step: 1 } },
        { operationType: 'Create', resourceBody: { id: 'b-2', tenantId: 't-b', state: 'open', step: 1 } },
      ],
      't-b',
    );
    await cases.item('b-1', 't-b').patch([{ op: 'incr', path: '/step', value: 2 }]);
    assert.equal((await cases.item('b-1', 't-b').read<CaseDocument>()).resource?.step, 3);
    const changes = await feed.readNext();
    const changed = changes.result.map((each) => each.id);
    assert.ok(changed.includes('b-1') && changed.includes('b-2'), `change feed: ${changed.join(', ')}`);
  });

  it('undoes every operation of a transactional batch when one fails, as Azure does', async () => {
    const { container: cases } = await createLocalCosmosClient(cosmos.connection)
      .database('caseflow')
      .containers.createIfNotExists({ id: 'batches', partitionKey: { paths: ['/tenantId'] } });
    const kept = (await cases.items.create<CaseDocument>({ id: 'a-kept', tenantId: 't-a', state: 'open' }))
      .resource!;
    await cases.items.create<CaseDocument>({ id: 'a-gone', tenantId: 't-a', state: 'open' });
    await cases.items.create<CaseDocument>({ id: 'a-taken', tenantId: 't-a', state: 'open' });
    const response = await cases.items.batch(
      [
        { operationType: 'Create', resourceBody: { id: 'a-new', tenantId: 't-a', state: 'open' } },
        {
          operationType: 'Replace',
          id: 'a-kept',
          partitionKey: 't-a',
          ifMatch: kept._etag,
          resourceBody: { id: 'a-kept', tenantId: 't-a', state: 'changed' },
        },
        { operationType: 'Delete', id: 'a-gone', partitionKey: 't-a' },
        { operationType: 'Create', resourceBody: { id: 'a-taken', tenantId: 't-a', state: 'again' } },
        { operationType: 'Create', resourceBody: { id: 'a-after', tenantId: 't-a', state: 'open' } },
      ],
      't-a',
    );
    assert.deepEqual(
      response.result?.map((each) => each.statusCode),
      [424, 424, 424, 409, 424],
    );
    const read = async (id: string) => (await cases.item(id, 't-a').read<CaseDocument>()).resource;
    assert.equal(await read('a-new'), undefined);
    assert.equal(await read('a-after'), undefined);
    assert.equal((await read('a-gone'))?.state, 'open');
    const restored = await read('a-kept');
    assert.equal(restored?.state, 'open');
    assert.equal(restored?._etag, kept._etag);
    const { resources } = await cases.items
      .query<CaseDocument>({ query: "SELECT * FROM c WHERE c.state = 'changed'" }, { partitionKey: 't-a' })
      .fetchAll();
    assert.deepEqual(resources, []);
  });

  it('serves an incremental change feed: latest versions in modification order, resumable after a restart', async () => {
    const client = createLocalCosmosClient(cosmos.connection);
    const { container: feedItems } = await client
      .database('caseflow')
      .containers.createIfNotExists({ id: 'feed', partitionKey: { paths: ['/tenantId'] } });
    const fromNow = feedItems.items.getChangeFeedIterator<CaseDocument>({
      changeFeedStartFrom: ChangeFeedStartFrom.Now(),
    });
    assert.deepEqual((await fromNow.readNext()).result, []);
    await feedItems.items.create<CaseDocument>({ id: 'f-1', tenantId: 't', state: 'a' });
    await feedItems.items.create<CaseDocument>({ id: 'f-2', tenantId: 't', state: 'a' });
    await feedItems.item('f-1', 't').replace<CaseDocument>({ id: 'f-1', tenantId: 't', state: 'b' });
    const first = await fromNow.readNext();
    // f-1 changed last: it comes after f-2, once, in its latest version.
    assert.deepEqual(
      first.result.map((each) => [each.id, each.state]),
      [
        ['f-2', 'a'],
        ['f-1', 'b'],
      ],
    );
    const quiet = await fromNow.readNext();
    assert.equal(quiet.statusCode, 304);
    assert.deepEqual(quiet.result, []);

    await feedItems.items.upsert<CaseDocument>({ id: 'f-3', tenantId: 't', state: 'a' });
    await cosmos.stop();
    cosmos = await startCosmos({ dataDir: dataDir.path, certificate });
    const reopened = createLocalCosmosClient(cosmos.connection).database('caseflow').container('feed');
    await reopened.item('f-2', 't').patch([{ op: 'set', path: '/state', value: 'c' }]);
    const resumed = reopened.items.getChangeFeedIterator<CaseDocument>({
      changeFeedStartFrom: ChangeFeedStartFrom.Continuation(quiet.continuationToken),
    });
    const afterRestart = await resumed.readNext();
    assert.deepEqual(
      afterRestart.result.map((each) => [each.id, each.state]),
      [
        ['f-3', 'a'],
        ['f-2', 'c'],
      ],
    );
    const fromBeginning = reopened.items.getChangeFeedIterator<CaseDocument>({
      changeFeedStartFrom: ChangeFeedStartFrom.Beginning(),
      maxItemCount: 2,
    });
    assert.deepEqual(
      (await fromBeginning.readNext()).result.map((each) => each.id),
      ['f-1', 'f-3'],
    );
    assert.deepEqual(
      (await fromBeginning.readNext()).result.map((each) => each.id),
      ['f-2'],
    );
  });

  it('serves the change feed of one partition key', async () => {
    const client = createLocalCosmosClient(cosmos.connection);
    const { container: byTenant } = await client
      .database('caseflow')
      .containers.createIfNotExists({ id: 'feed-by-tenant', partitionKey: { paths: ['/tenantId'] } });
    await byTenant.items.create<CaseDocument>({ id: 'p-1', tenantId: 't-a', state: 'a' });
    await byTenant.items.create<CaseDocument>({ id: 'p-2', tenantId: 't-b', state: 'a' });
    await byTenant.items.create<CaseDocument>({ id: 'p-3', tenantId: 't-a', state: 'a' });
    const feed = byTenant.items.getChangeFeedIterator<CaseDocument>({
      changeFeedStartFrom: ChangeFeedStartFrom.Beginning('t-a'),
    });
    assert.deepEqual(
      (await feed.readNext()).result.map((each) => each.id),
      ['p-1', 'p-3'],
    );
  });

  it('keeps databases, containers and items, with their ETags, across a restart', async () => {
    const cases = await openCases();
    const { resource: saved } = await cases.items.create<CaseDocument>({
      id: 'c-kept',
      tenantId: 't-9',
      state: 'kept',
    });
    await cosmos.stop();
    cosmos = await startCosmos({ dataDir: dataDir.path, certificate });

    const reopened = createLocalCosmosClient(cosmos.connection).database('caseflow').container('cases');
    const { resource: read } = await reopened.item('c-kept', 't-9').read<CaseDocument>();
    assert.equal(read?.state, 'kept');
    assert.equal(read?._etag, saved?._etag);
    const { resources: count } = await reopened.items
      .query<number>('SELECT VALUE COUNT(1) FROM c')
      .fetchAll();
    assert.equal(count[0], 6);
    // New items get fresh resource ids after a restart, never one already in use.
    const { resource: added } = await reopened.items.create<CaseDocument>({
      id: 'c-new',
      tenantId: 't-9',
      state: 'new',
    });
    const { resources: rids } = await reopened.items.query<string>('SELECT VALUE c._rid FROM c').fetchAll();
    assert.equal(new Set(rids).size, rids.length);
    assert.ok(rids.includes(added!._rid));
  });

  it('keeps replaced and removed items across a restart, ignoring a torn last journal line', async () => {
    const cases = await openCases();
    await cases.items.create<CaseDocument>({ id: 'c-replaced', tenantId: 't-8', state: 'first' });
    const { resource: replaced } = await cases
      .item('c-replaced', 't-8')
      .replace<CaseDocument>({ id: 'c-replaced', tenantId: 't-8', state: 'second' });
    await cases.items.create<CaseDocument>({ id: 'c-removed', tenantId: 't-8', state: 'gone' });
    await cases.item('c-removed', 't-8').delete();
    await cosmos.stop();
    // A write killed mid-flush leaves an unfinished line; it was never answered, so it is dropped.
    appendFileSync(path.join(dataDir.path, 'cosmos', 'journal.ndjson'), '{"put":{"db":"caseflow"');
    cosmos = await startCosmos({ dataDir: dataDir.path, certificate });

    const reopened = createLocalCosmosClient(cosmos.connection).database('caseflow').container('cases');
    const { resource: read } = await reopened.item('c-replaced', 't-8').read<CaseDocument>();
    assert.equal(read?.state, 'second');
    assert.equal(read?._etag, replaced?._etag);
    const { resource: removed } = await reopened.item('c-removed', 't-8').read<CaseDocument>();
    assert.equal(removed, undefined);
    await reopened.items.create<CaseDocument>({ id: 'c-after', tenantId: 't-8', state: 'after' });
    await cosmos.stop();
    cosmos = await startCosmos({ dataDir: dataDir.path, certificate });
    const again = createLocalCosmosClient(cosmos.connection).database('caseflow').container('cases');
    const { resource: after } = await again.item('c-after', 't-8').read<CaseDocument>();
    assert.equal(after?.state, 'after');
  });
});

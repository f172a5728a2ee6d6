import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { request as httpsRequest } from 'node:https';
import { after, before, describe, it } from 'node:test';
import type { Container } from '@azure/cosmos';
import { createCosmosAccount } from '../../local/emulators/cosmos-account.js';
import { createLocalCosmosClient } from '../../local/emulators/cosmos-client.js';
import type { DocumentQueryOptions } from '../../local/emulators/cosmos-document-index.js';
import { equalityConditions } from '../../local/emulators/cosmos-query-conditions.js';
import { startCosmos, type LocalCosmosConnection, type RunningCosmos } from '../../local/emulators/cosmos.js';
import { ensureLocalCertificate } from '../../local/emulators/local-certificate.js';
import { makeTempDir } from '../support/temp-dir.js';

type Doc = Record<string, unknown>;
type Parameters = { name: string; value: unknown }[];
interface QueryResult {
  result: unknown[];
  continuation: { token: string } | null;
}
interface Documents {
  create(data: Doc): Doc;
  replace(data: Doc, original: Doc): Doc;
  delete(id: string, partition: unknown): void;
  query(params: { query: string; parameters?: Parameters }, options: DocumentQueryOptions): QueryResult;
  _data: Map<string, { read(): Doc }>;
  _getQuery(sql: string): { code: string };
}

const require = createRequire(import.meta.url);
const parse = (
  require('@zeit/cosmosdb-query') as {
    default: (sql: string) => {
      ast: Record<string, unknown>;
      exec(documents: Doc[], options: object): unknown;
    };
  }
).default;

/**
 * The package's own query (`Items.query`) over every document of the container, compiled afresh: the oracle for
 * the indexed query and its rewritten code.
 */
function unindexed(
  documents: Documents,
  query: string,
  parameters: Parameters,
  options: object,
): QueryResult {
  const all = [...documents._data.values()].map((item) => item.read());
  return parse(query).exec(all, { parameters, compositeIndexes: [], ...options }) as QueryResult;
}

function conditionsOf(query: string, parameters: Parameters = []) {
  return Object.fromEntries(
    [...equalityConditions(parse(query).ast, parameters)].map(([key, { values }]) => [key, [...values]]),
  );
}

/** A small seeded generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

describe('local Cosmos DB query conditions', () => {
  it('takes the equality conditions of both sides of AND, and the ones common to both sides of OR', () => {
    assert.deepEqual(
      conditionsOf(
        "SELECT * FROM c WHERE c.tenantId = @t AND (c.type = 'inbox' AND c['caseId'] = 'k') AND " +
          "((c.state = 'a' AND c.n > 1) OR (c.state = 'b')) AND (c.x = 1 OR c.y = 2)",
        [{ name: '@t', value: 't-1' }],
      ),
      { '["tenantId"]': ['t-1'], '["type"]': ['inbox'], '["caseId"]': ['k'], '["state"]': ['a', 'b'] },
    );
  });

  it('reads IN lists, nested paths, parameters on either side and other root aliases', () => {
    assert.deepEqual(
      conditionsOf('SELECT * FROM root r WHERE r.j IN (@a, 1, true, null) AND @b = r.a.b AND r.list[0] = 2', [
        { name: '@a', value: 'x' },
        { name: '@b', value: 5 },
      ]),
      { '["j"]': ['x', 1, true, null], '["a","b"]': [5], '["list",0]': [2] },
    );
  });

  it('keeps a contradiction as a condition no value meets', () => {
    assert.deepEqual(conditionsOf("SELECT * FROM c WHERE c.type = 'a' AND c.type = 'b'"), { '["type"]': [] });
    assert.deepEqual(conditionsOf('SELECT * FROM c WHERE c.type = @missing'), { '["type"]': [] });
  });

  it('ignores what is not a plain equality: NOT, ranges, functions, objects, missing IN items, joins over the root', () => {
    const none = [
      "SELECT * FROM c WHERE NOT (c.type = 'a')",
      'SELECT * FROM c WHERE c.n > 1',
      "SELECT * FROM c WHERE ARRAY_CONTAINS(c.tags, 'a')",
      'SELECT * FROM c WHERE c.o = @object',
      'SELECT * FROM c WHERE c.j IN (@missing, 1)',
      "SELECT * FROM c WHERE c.type = 'a' OR c.state = 'b'",
      "SELECT * FROM c JOIN c IN c.children WHERE c.type = 'a'",
      "SELECT * FROM c.children c WHERE c.type = 'a'",
      'SELECT * FROM c',
    ];
    for (const query of none) {
      assert.deepEqual(conditionsOf(query, [{ name: '@object', value: { a: 1 } }]), {}, query);
    }
  });
});

describe('local Cosmos DB indexed queries', () => {
  const account = createCosmosAccount('127.0.0.1', 0) as unknown as {
    databases: { create(data: Doc): Doc };
    database(id: string): {
      collections: { create(data: Doc): Doc };
      collection(id: string): { documents: Documents };
    };
  };
  account.databases.create({ id: 'db' });
  account.database('db').collections.create({ id: 'items', partitionKey: { paths: ['/tenantId'] } });
  const documents = account.database('db').collection('items').documents;
  const next = random(20261127);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)]!;

  const stored = new Map<string, Doc>();
  let created = 0;
  const randomDocument = (id: string, tenantId: string): Doc => {
    const document: Doc = {
      id,
      tenantId,
      type: pick(['case', 'inbox', 'task']),
      caseId: pick(['k0', 'k1', 'k2', 'k3', { nested: 'k0' }]),
      seq: pick([0, 1, 2, 3, '3', null]),
      flag: pick([true, false, null]),
      nested: { a: { b: pick([1, 2, '1']) } },
    };
    if (next() < 0.2) delete document['seq'];
    return document;
  };
  const mutate = (count: number) => {
    for (let step = 0; step < count; step += 1) {
      const roll = next();
      const existing = [...stored.values()];
      if (roll < 0.6 || existing.length < 10) {
        const document = documents.create(randomDocument(`d${created++}`, pick(['t1', 't2'])));
        stored.set(String(document['id']), document);
      } else if (roll < 0.85) {
        const original = pick(existing);
        const replaced = { ...randomDocument(String(original['id']), String(original['tenantId'])) };
        stored.set(String(original['id']), documents.replace(replaced, original));
      } else {
        const victim = pick(existing);
        documents.delete(String(victim['id']), victim['tenantId']);
        stored.delete(String(victim['id']));
      }
    }
  };

  const predicates = [
    "c.type = 'inbox'",
    'c.type = @type',
    "c['caseId'] = 'k1'",
    'c.caseId = @case',
    "c.seq IN (1, 2, '3')",
    "(c.type = 'case' OR c.type = 'task')",
    'c.seq > 1',
    'NOT (c.flag = true)',
    'c.flag = null',
    'c.nested.a.b = 1',
    '@type = c.type',
    'c.seq = @missing',
    "c.tenantId = 't2'",
    "(c.type = 'inbox' AND c.seq = 1) OR (c.type = 'case' AND c.flag = false)",
  ];
  const shapes = [
    { select: 'SELECT * FROM c', orderBy: '' },
    { select: 'SELECT * FROM c', orderBy: ' ORDER BY c.seq DESC' },
    { select: 'SELECT c.id, c.seq FROM c', orderBy: ' ORDER BY c.id' },
    { select: 'SELECT TOP 3 * FROM c', orderBy: '' },
    { select: 'SELECT VALUE COUNT(1) FROM c', orderBy: '' },
  ];
  const randomQuery = () => {
    const where = Array.from({ length: 1 + Math.floor(next() * 3) }, () => pick(predicates)).join(
      next() < 0.8 ? ' AND ' : ' OR ',
    );
    const shape = pick(shapes);
    return { select: shape.select, where, orderBy: shape.orderBy };
  };
  const parameters: Parameters = [
    { name: '@type', value: 'task' },
    { name: '@case', value: 'k2' },
  ];

  /** Every page of the query, following continuations the way the SDK does. */
  const pages = (run: (options: object) => QueryResult, maxItemCount: number) => {
    const all: unknown[][] = [];
    let continuation: { token: string } | null = null;
    do {
      const page: QueryResult = run({ maxItemCount, continuation });
      all.push(page.result);
      continuation = page.continuation;
    } while (continuation !== null && all.length < 1000);
    return all;
  };

  it('answers randomised queries exactly as the unindexed scan does, page by page, while documents change', () => {
    mutate(100);
    for (let round = 0; round < 150; round += 1) {
      if (round % 10 === 0) mutate(10);
      const { select, where, orderBy } = randomQuery();
      const query = `${select} WHERE ${where}${orderBy}`;
      const maxItemCount = pick([4, 1000]);
      const indexed = pages((options) => documents.query({ query, parameters }, options), maxItemCount);
      const expected = pages((options) => unindexed(documents, query, parameters, options), maxItemCount);
      assert.deepEqual(indexed, expected, query);
    }
  });

  it('scopes a query to the partition the request names, as if its WHERE required it', () => {
    for (let round = 0; round < 60; round += 1) {
      const { select, where, orderBy } = randomQuery();
      const tenantId = pick(['t1', 't2']);
      const scope = [{ path: ['tenantId'], values: new Set([tenantId]) }];
      const maxItemCount = pick([4, 1000]);
      const query = `${select} WHERE ${where}${orderBy}`;
      const scoped = pages(
        (options) => documents.query({ query, parameters }, { ...options, scope }),
        maxItemCount,
      );
      const withCondition = `${select} WHERE c.tenantId = '${tenantId}' AND (${where})${orderBy}`;
      const expected = pages(
        (options) => unindexed(documents, withCondition, parameters, options),
        maxItemCount,
      );
      assert.deepEqual(scoped, expected, query);
    }
  });

  it('runs queries with code that gathers its input in one pass, not one array copy per document', () => {
    const query = "SELECT VALUE COUNT(1) FROM root r WHERE r.type = 'case'";
    assert.match(documents._getQuery(query).code, /\[\.\.\.\$, \{/);
    documents.query({ query }, {});
    assert.doesNotMatch(documents._getQuery(query).code, /\[\.\.\.\$, \{/);
  });

  it('sees every document of the container when the query has no condition to narrow it', () => {
    const everything = documents.query({ query: 'SELECT VALUE c.id FROM c' }, {}).result;
    assert.deepEqual([...everything].sort(), [...stored.keys()].sort());
  });
});

describe('local Cosmos DB queries through the SDK', () => {
  const dataDir = makeTempDir('cosmos-query');
  let cosmos: RunningCosmos;
  let container: Container;

  before(async () => {
    const certificate = await ensureLocalCertificate(dataDir.path);
    cosmos = await startCosmos({ dataDir: dataDir.path, certificate });
    const client = createLocalCosmosClient(cosmos.connection);
    const { database } = await client.databases.createIfNotExists({ id: 'caseflow' });
    ({ container } = await database.containers.createIfNotExists({
      id: 'tasks',
      partitionKey: { paths: ['/tenantId'] },
    }));
    for (let n = 0; n < 12; n += 1) {
      await container.items.create({ id: `task-${n}`, tenantId: n % 3 === 0 ? 'b' : 'a', type: 'task', n });
    }
  });
  after(async () => {
    await cosmos.stop();
    dataDir.remove();
  });

  const ids = (resources: { id: string }[]) => resources.map((resource) => resource.id);

  it('gives a cross-partition query the documents of every partition', async () => {
    const { resources } = await container.items
      .query<{ id: string }>("SELECT c.id FROM c WHERE c.type = 'task' ORDER BY c.n")
      .fetchAll();
    assert.deepEqual(
      ids(resources),
      Array.from({ length: 12 }, (_, n) => `task-${n}`),
    );
  });

  it('gives a query with a partition key only that partition’s documents, even without a WHERE on it', async () => {
    const { resources } = await container.items
      .query<{ id: string }>("SELECT c.id FROM c WHERE c.type = 'task' ORDER BY c.n", { partitionKey: 'b' })
      .fetchAll();
    assert.deepEqual(ids(resources), ['task-0', 'task-3', 'task-6', 'task-9']);
  });

  it('pages a partition query with continuation tokens through every match once', async () => {
    const seen: string[] = [];
    let continuationToken: string | undefined;
    do {
      const page = await container.items
        .query<{ id: string }>(
          {
            query: 'SELECT c.id FROM c WHERE c.tenantId = @t ORDER BY c.n DESC',
            parameters: [{ name: '@t', value: 'a' }],
          },
          { partitionKey: 'a', maxItemCount: 3, ...(continuationToken ? { continuationToken } : {}) },
        )
        .fetchNext();
      seen.push(...ids(page.resources));
      continuationToken = page.continuationToken;
    } while (continuationToken);
    assert.deepEqual(seen, [
      'task-11',
      'task-10',
      'task-8',
      'task-7',
      'task-5',
      'task-4',
      'task-2',
      'task-1',
    ]);
  });

  it('finds a document by an indexed field after it was replaced, and not after it was deleted', async () => {
    const query = (state: string) =>
      container.items
        .query<{ id: string }>({
          query: 'SELECT c.id FROM c WHERE c.state = @s',
          parameters: [{ name: '@s', value: state }],
        })
        .fetchAll();
    await container.items.create({ id: 'moving', tenantId: 'a', type: 'task', state: 'open' });
    assert.deepEqual(ids((await query('open')).resources), ['moving']);
    await container.item('moving', 'a').replace({ id: 'moving', tenantId: 'a', type: 'task', state: 'done' });
    assert.deepEqual(ids((await query('open')).resources), []);
    assert.deepEqual(ids((await query('done')).resources), ['moving']);
    await container.item('moving', 'a').delete();
    assert.deepEqual(ids((await query('done')).resources), []);
  });

  it('refuses a query plan request (the SDK asks for one with every query and never needs it here)', async () => {
    const { status, body } = await postQuery(cosmos.connection, '/dbs/caseflow/colls/tasks/docs', {
      'x-ms-cosmos-is-query-plan-request': 'True',
      'x-ms-documentdb-query-enablecrosspartition': 'true',
    });
    assert.equal(status, 400);
    assert.match(String(body['message']), /no query plans/);
  });
});

/** A raw query request, for what the SDK does not let a test send by itself. */
function postQuery(
  connection: LocalCosmosConnection,
  path: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const request = httpsRequest(
      new URL(path, connection.endpoint),
      {
        method: 'POST',
        ca: connection.caPem,
        headers: { 'content-type': 'application/query+json', ...headers },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) as Record<string, unknown> }),
        );
      },
    );
    request.on('error', reject);
    request.end(JSON.stringify({ query: 'SELECT * FROM c' }));
  });
}

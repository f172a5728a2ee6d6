/**
 * The change feed of the local Cosmos DB (latest-version mode). `@vercel/cosmosdb-server` keeps none: it
 * answers an incremental read with every document and then "not modified" forever. Here every document write
 * (create, replace, upsert, patch, batch: all go through the package's `create`/`replace`) stamps the stored
 * document with `_lsn`, a number that grows with every write (continuing after the highest stored one when a
 * snapshot is loaded). A change feed read (`A-IM: Incremental feed`) returns the documents whose `_lsn` is past
 * the continuation in `If-None-Match`, oldest change first, each in its latest version, and the continuation
 * for the next read in the `ETag` header; with nothing new it answers 304. `If-None-Match: *` starts from now,
 * `If-Modified-Since` from a time (by `_ts`), no `If-None-Match` from the beginning; `x-ms-documentdb-partitionkey`
 * restricts it to one partition key. Deleted documents are not in the feed, as in the real latest-version mode.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { CosmosAccount } from './cosmos-account.js';

interface StoredDocument {
  _lsn?: number;
  _ts?: number;
  [field: string]: unknown;
}

type DocumentWrite = (this: unknown, ...args: unknown[]) => StoredDocument;

let lastLsn = 0;

/** Makes later stamps exceed a stored document's `_lsn` (called for each document a snapshot restores). */
export function observeLsn(document: { readonly [field: string]: unknown }): void {
  const lsn = document['_lsn'];
  if (typeof lsn === 'number' && lsn > lastLsn) lastLsn = lsn;
}

const require = createRequire(import.meta.url);
const Documents = (
  require('@vercel/cosmosdb-server/lib/account/documents.js') as {
    default: { prototype: Record<'create' | 'replace', DocumentWrite> };
  }
).default;

// The package returns the very object it stores, so the stamp is part of the document (and of its snapshot).
for (const method of ['create', 'replace'] as const) {
  const original = Documents.prototype[method];
  Documents.prototype[method] = function stampLsn(this: unknown, ...args: unknown[]) {
    const stored = original.apply(this, args);
    lastLsn += 1;
    stored._lsn = lastLsn;
    return stored;
  };
}

const feedPath = /^\/dbs\/([^/]+)\/colls\/([^/]+)\/docs\/?$/;

/** True for a change feed read, which `serveChangeFeed` answers instead of the package. */
export function isChangeFeedRequest(request: IncomingMessage): boolean {
  const path = (request.url ?? '').split('?')[0] ?? '';
  return request.method === 'GET' && request.headers['a-im'] !== undefined && feedPath.test(path);
}

/** Answers a change feed read: sets status and headers, returns the body. */
export function serveChangeFeed(
  account: CosmosAccount,
  request: IncomingMessage,
  response: ServerResponse,
): Record<string, unknown> {
  const match = feedPath.exec((request.url ?? '').split('?')[0] ?? '');
  const [databaseId, collectionId] = [match?.[1], match?.[2]].map((part) => decodeURIComponent(part ?? ''));
  const collection = findCollection(account, databaseId!, collectionId!);
  if (!collection) {
    response.statusCode = 404;
    return { code: 'NotFound', message: 'Resource Not Found' };
  }
  const ifNoneMatch = header(request, 'if-none-match');
  if (ifNoneMatch === '*') {
    // Start from now: nothing yet, and the continuation is the current position.
    response.statusCode = 304;
    response.setHeader('etag', `"${lastLsn}"`);
    return {};
  }
  const after = ifNoneMatch === undefined ? 0 : Number(ifNoneMatch.replace(/"/g, ''));
  if (!Number.isFinite(after)) {
    response.statusCode = 400;
    return { code: 'BadRequest', message: `Invalid change feed continuation '${ifNoneMatch}'.` };
  }
  const since = header(request, 'if-modified-since');
  const sinceSeconds = since === undefined ? undefined : Math.floor(Date.parse(since) / 1000);
  const maxItemCount = Number(header(request, 'x-ms-max-item-count') ?? '');
  const inPartition = partitionFilter(collection.read(), header(request, 'x-ms-documentdb-partitionkey'));
  const changed = [...collection.documents._data.values()]
    .map((document) => document.read() as StoredDocument)
    .filter(inPartition)
    .filter((document) => (document._lsn ?? 0) > after)
    .filter((document) => sinceSeconds === undefined || (document._ts ?? 0) >= sinceSeconds)
    .sort((a, b) => (a._lsn ?? 0) - (b._lsn ?? 0));
  const page = maxItemCount > 0 ? changed.slice(0, maxItemCount) : changed;
  const continuation = page.length > 0 ? page[page.length - 1]!._lsn! : after;
  response.setHeader('etag', `"${continuation}"`);
  if (page.length === 0) {
    response.statusCode = 304;
    return {};
  }
  response.statusCode = 200;
  return { _rid: collection.read()._rid, Documents: page, _count: page.length };
}

/** For a change feed of one partition key (`x-ms-documentdb-partitionkey: ["value"]`): its documents only. */
function partitionFilter(
  collection: { readonly [field: string]: unknown },
  partitionKeyHeader: string | undefined,
): (document: StoredDocument) => boolean {
  if (partitionKeyHeader === undefined) return () => true;
  const wanted = JSON.stringify(JSON.parse(partitionKeyHeader) as unknown);
  const paths = (collection['partitionKey'] as { paths?: string[] } | undefined)?.paths ?? ['/id'];
  return (document) => {
    const values = paths.map((path) =>
      path
        .split('/')
        .filter(Boolean)
        .reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], document),
    );
    return JSON.stringify(values) === wanted;
  };
}

function findCollection(account: CosmosAccount, databaseId: string, collectionId: string) {
  for (const database of account.databases._data.values()) {
    if (database.read().id !== databaseId) continue;
    for (const collection of database.collections._data.values()) {
      if (collection.read().id === collectionId) return collection;
    }
  }
  return undefined;
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

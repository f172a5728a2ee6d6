/**
 * Typed access to the in-memory account of `@vercel/cosmosdb-server`, and its snapshot/restore. The package
 * exposes only ready-made servers whose account is hidden; persistence needs the account itself, so this reaches
 * into the package's compiled modules (pinned version: re-check these shapes when upgrading it).
 */
import { createRequire } from 'node:module';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { observeLsn } from './cosmos-change-feed.js';

interface ResourceData {
  readonly id: string;
  readonly _rid: string;
  readonly [field: string]: unknown;
}

interface Resource {
  read(): ResourceData;
}

/** One resource list (databases, collections, documents, ...): rid → resource, plus the rid counter. */
interface ResourceList<R extends Resource> {
  _data: Map<string, R>;
  _ridCount: number;
  _set(data: ResourceData): ResourceData;
  /** By id or rid; the partition key value is not needed for a rid. */
  delete(idOrRid: string, partition: unknown): void;
}

export type CosmosDocuments = ResourceList<Resource>;

interface Collection extends Resource {
  readonly documents: CosmosDocuments;
  readonly userDefinedFunctions: ResourceList<Resource> & {
    create(udf: { id: string; body: string }): unknown;
  };
}

interface Database extends Resource {
  readonly collections: ResourceList<Collection>;
  collection(id: string): Collection;
}

export interface CosmosAccount {
  readonly databases: ResourceList<Database>;
  database(id: string): Database;
}

/** A route of the emulator package: the account, the request and response, the route's parameters. */
export type RouteHandler = (
  account: CosmosAccount,
  request: IncomingMessage,
  response: ServerResponse,
  params: Record<string, string>,
) => unknown;

const require = createRequire(import.meta.url);
const Account = (
  require('@vercel/cosmosdb-server/lib/account/index.js') as {
    default: new (host: string, port: number) => CosmosAccount;
  }
).default;
const route = (
  require('@vercel/cosmosdb-server/lib/routes.js') as {
    default: (request: IncomingMessage) => [Record<string, string>, RouteHandler] | undefined;
  }
).default;

export { route as findCosmosRoute };

export function createCosmosAccount(host: string, port: number): CosmosAccount {
  return new Account(host, port);
}

interface ListSnapshot<T> {
  readonly ridCount: number;
  readonly items: T[];
}

/** Everything the account holds, as plain JSON: resources keep their `_rid`, `_etag` and `_ts`. */
export interface CosmosSnapshot {
  readonly format: 1;
  readonly databases: ListSnapshot<{
    readonly database: ResourceData;
    readonly collections: ListSnapshot<{
      readonly collection: ResourceData;
      readonly documents: ListSnapshot<ResourceData>;
      readonly userDefinedFunctions: ResourceData[];
    }>;
  }>;
}

export function snapshotCosmosAccount(account: CosmosAccount): CosmosSnapshot {
  const list = <R extends Resource, T>(
    resources: ResourceList<R>,
    map: (resource: R) => T,
  ): ListSnapshot<T> => ({
    ridCount: resources._ridCount,
    items: [...resources._data.values()].map(map),
  });
  return {
    format: 1,
    databases: list(account.databases, (database) => ({
      database: database.read(),
      collections: list(database.collections, (collection) => ({
        collection: collection.read(),
        documents: list(collection.documents, (document) => document.read()),
        userDefinedFunctions: [...collection.userDefinedFunctions._data.values()].map((udf) => udf.read()),
      })),
    })),
  };
}

/** Loads a snapshot into a fresh account. Rid counters are restored so new rids never reuse old ones. */
export function restoreCosmosAccount(account: CosmosAccount, snapshot: CosmosSnapshot): void {
  for (const { database, collections } of snapshot.databases.items) {
    account.databases._set(database);
    const restoredDatabase = account.databases._data.get(database._rid)!;
    for (const { collection, documents, userDefinedFunctions } of collections.items) {
      restoredDatabase.collections._set(collection);
      const restoredCollection = restoredDatabase.collections._data.get(collection._rid)!;
      for (const document of documents.items) {
        restoredCollection.documents._set(document);
        observeLsn(document);
      }
      restoredCollection.documents._ridCount = documents.ridCount;
      // Through create(), which also compiles the function body; a UDF gets a new rid and etag.
      for (const udf of userDefinedFunctions) {
        restoredCollection.userDefinedFunctions.create({ id: udf.id, body: String(udf['body']) });
      }
    }
    restoredDatabase.collections._ridCount = collections.ridCount;
  }
  account.databases._ridCount = snapshot.databases.ridCount;
}

/**
 * The local Cosmos DB's document query route, in place of `@vercel/cosmosdb-server`'s own (same body, headers,
 * paging and errors, through the package's `_read-items`), with two differences:
 *
 * - a query naming a partition key (`x-ms-documentdb-partitionkey`) sees only that partition's documents, as in
 *   Azure (the package ignored the header and searched the whole container), and the query runs over the
 *   equality indexes of `cosmos-document-index.ts`;
 * - a query plan request (`x-ms-cosmos-is-query-plan-request`) is refused with 400 instead of being run as a
 *   query. `@azure/cosmos` asks for a plan alongside every query but uses it only after the query itself failed
 *   for want of one, which this emulator never does; running it doubled the cost of every query.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { RouteHandler } from './cosmos-account.js';
// Imported for its effect too: it makes the package's documents keep the equality indexes.
import './cosmos-document-index.js';
import type { DocumentQueryOptions } from './cosmos-document-index.js';
import { isIndexableValue, type EqualityCondition } from './cosmos-query-conditions.js';

interface QueryBody {
  readonly query?: string;
  readonly parameters?: { name: string; value: unknown }[];
}

interface QueryableDocuments {
  _getQuery(sql: string): { containsPartitionKeys(paths: string[]): boolean };
  query(body: QueryBody, options: DocumentQueryOptions): unknown;
}

const require = createRequire(import.meta.url);
const packageModule = <T>(name: string) =>
  (require(`@vercel/cosmosdb-server/lib/${name}.js`) as { default: T }).default;
const readItems =
  packageModule<
    (
      request: IncomingMessage,
      response: ServerResponse,
      itemsName: string,
      read: (paging: { continuation: unknown; maxItemCount: number | null }) => Promise<unknown>,
    ) => Promise<unknown>
  >('handler/_read-items');
const readJson = packageModule<(request: IncomingMessage) => Promise<QueryBody>>('json');

/** The package's handler this route replaces (compared with what `findCosmosRoute` returns). */
export const packageQueryDocuments = packageModule<RouteHandler>('handler/query-documents');

export const queryDocuments: RouteHandler = (account, request, response, { dbId, collId }) => {
  if (isTrue(request, 'x-ms-cosmos-is-query-plan-request')) {
    response.statusCode = 400;
    return Promise.resolve({
      code: 'BadRequest',
      message: 'The local Cosmos DB serves no query plans; it runs every query itself.',
    });
  }
  return readItems(request, response, 'Documents', async ({ continuation, maxItemCount }) => {
    const body = await readJson(request);
    if (!body.query) {
      response.statusCode = 400;
      return { message: 'missing query' };
    }
    const collection = account.database(dbId!).collection(collId!);
    const documents = collection.documents as unknown as QueryableDocuments;
    const paths = (collection.read()?.['partitionKey'] as { paths?: string[] } | undefined)?.paths ?? [];
    if (!isTrue(request, 'x-ms-documentdb-query-enablecrosspartition')) {
      if (paths.length > 0 && !documents._getQuery(body.query).containsPartitionKeys(paths)) {
        response.statusCode = 400;
        return { message: 'missing partition keys' };
      }
    }
    try {
      return documents.query(body, {
        continuation,
        maxItemCount,
        scope: partitionScope(paths, header(request, 'x-ms-documentdb-partitionkey')),
      });
    } catch (error) {
      if ((error as { badRequest?: boolean }).badRequest) {
        response.statusCode = 400;
        return { message: (error as Error).message };
      }
      throw error;
    }
  });
};

/**
 * `["tenant-a"]` on a container partitioned by `/tenantId`: the documents whose `tenantId` is `tenant-a`. A
 * header the emulator cannot map to values (`[{}]`, the "none" key, or one whose length differs from the
 * partition key paths) restricts nothing, as before.
 */
function partitionScope(paths: readonly string[], value: string | undefined): EqualityCondition[] {
  if (value === undefined) return [];
  let values: unknown;
  try {
    values = JSON.parse(value);
  } catch {
    return [];
  }
  if (!Array.isArray(values) || values.length !== paths.length || !values.every(isIndexableValue)) return [];
  if (paths.some((path) => path === '/_partitionKey')) return [];
  return paths.map((path, position) => ({
    path: path.split('/').filter(Boolean),
    values: new Set([values[position] as string | number | boolean | null]),
  }));
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function isTrue(request: IncomingMessage, name: string): boolean {
  return header(request, name)?.toLowerCase() === 'true';
}

/**
 * The local Cosmos DB: `@vercel/cosmosdb-server`'s account and routes behind our own HTTPS server, made
 * persistent in `<dataDir>/cosmos/` (a snapshot plus a journal of document writes, `cosmos-journal.ts`). A
 * successful write is answered only once it is on disk; on start the snapshot is loaded and the journal
 * replayed. So every acknowledged write survives a stop and a kill; a write killed before its answer may or may
 * not be there (other requests may already see a write while it waits for its flush).
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import path from 'node:path';
import { createCosmosAccount, findCosmosRoute, type CosmosAccount } from './cosmos-account.js';
import { CosmosJournal } from './cosmos-journal.js';
import { isChangeFeedRequest, serveChangeFeed } from './cosmos-change-feed.js';
import { batchDocuments, packageBatchDocuments } from './cosmos-batch-route.js';
import { packageQueryDocuments, queryDocuments } from './cosmos-query-route.js';
import { close, listen, loopbackHost } from './listen.js';
import type { LocalCertificate } from './local-certificate.js';

export const standardCosmosPort = 8081;

/** The Azure Cosmos DB emulator's documented key; this emulator accepts any key. */
export const localCosmosKey =
  'C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==';

/** What a client needs to reach the local Cosmos DB: the app side builds its CosmosClient from this. */
export interface LocalCosmosConnection {
  readonly endpoint: string;
  readonly key: string;
  /** PEM to trust for this endpoint only (pass to `new https.Agent({ ca })`). */
  readonly caPem: string;
}

export interface RunningCosmos {
  readonly connection: LocalCosmosConnection;
  stop(): Promise<void>;
}

export async function startCosmos(options: {
  dataDir: string;
  certificate: LocalCertificate;
  port?: number;
}): Promise<RunningCosmos> {
  const directory = path.join(options.dataDir, 'cosmos');
  mkdirSync(directory, { recursive: true });
  const server = createServer({ cert: options.certificate.certPem, key: options.certificate.keyPem });
  const port = await listen(server, options.port ?? 0);
  // The account's self-links carry the bound port. Everything up to serving runs before the event loop can
  // deliver a request.
  const account = createCosmosAccount(loopbackHost, port);
  const journal = new CosmosJournal(directory, account);
  try {
    journal.load();
  } catch (error) {
    await close(server);
    throw new Error(
      `The local Cosmos DB could not load its data in ${directory}: ${(error as Error).message}`,
    );
  }
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    handle(account, journal, request, response).catch((error: Error) => {
      if (response.headersSent) response.destroy(error);
      else
        response
          .writeHead(500, { 'content-type': 'application/json' })
          .end(JSON.stringify({ message: error.message }));
    });
  });
  return {
    connection: {
      endpoint: `https://${loopbackHost}:${port}/`,
      key: localCosmosKey,
      caPem: options.certificate.certPem,
    },
    stop: async () => {
      await close(server);
      await journal.close();
    },
  };
}

/**
 * Mirrors the package's own request handler, plus persisting each successful write, the change feed,
 * document queries that use indexes (`cosmos-query-route.ts`) and atomic batches (`cosmos-batch-route.ts`).
 */
async function handle(
  account: CosmosAccount,
  journal: CosmosJournal,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  let body: Record<string, unknown>;
  const found = findCosmosRoute(request);
  if (isChangeFeedRequest(request)) {
    body = serveChangeFeed(account, request, response);
  } else if (found === undefined) {
    response.statusCode = 400;
    body = { message: 'no route' };
  } else {
    const [params, packageHandler] = found;
    const handler =
      packageHandler === packageQueryDocuments
        ? queryDocuments
        : packageHandler === packageBatchDocuments
          ? batchDocuments
          : packageHandler;
    const write = isWrite(request);
    const documentWrite = write && params['dbId'] !== undefined && isDocumentPath(request);
    if (documentWrite && account.database(params['dbId']!).collection(params['collId']!).read()) {
      journal.watch(params['dbId']!, params['collId']!);
    }
    try {
      body = ((await handler(account, request, response, params)) ?? {}) as Record<string, unknown>;
    } catch (error) {
      response.statusCode = 500;
      body = { message: (error as Error).message };
    }
    if (response.statusCode < 400 && write) {
      if (!documentWrite) journal.snapshotNext();
      try {
        await journal.commit();
      } catch (error) {
        response.statusCode = 500;
        body = { message: `the local Cosmos DB could not save its data: ${(error as Error).message}` };
      }
    }
  }
  if (response.statusCode > 399 && body['message'] === undefined) body['message'] = '';
  if (typeof body['_etag'] === 'string') response.setHeader('etag', body['_etag']);
  response.setHeader('content-type', 'application/json');
  response.setHeader('content-location', `https://${request.headers.host}${request.url}`);
  response.setHeader('x-ms-activity-id', randomUUID());
  response.setHeader('x-ms-request-charge', '1');
  response.end(JSON.stringify(body));
}

function isDocumentPath(request: IncomingMessage): boolean {
  return /^\/dbs\/[^/]+\/colls\/[^/]+\/docs(\/|$)/.test((request.url ?? '').split('?')[0] ?? '');
}

function isWrite(request: IncomingMessage): boolean {
  if (request.method === 'GET' || request.method === 'HEAD') return false;
  const isQuery =
    request.headers['x-ms-documentdb-isquery'] === 'true' ||
    request.headers['content-type'] === 'application/query+json';
  return !isQuery;
}

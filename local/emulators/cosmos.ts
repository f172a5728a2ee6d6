/**
 * The local Cosmos DB: `@vercel/cosmosdb-server`'s account and routes behind our own HTTPS server, made
 * persistent. After every successful write, and before the client gets its answer, the whole account is written
 * to `<dataDir>/cosmos/account.json` atomically; on start that snapshot is loaded. So every acknowledged write
 * survives a stop and a kill; a write killed before its answer may or may not be there.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import path from 'node:path';
import { writeFileAtomically } from './atomic-file.js';
import {
  createCosmosAccount,
  findCosmosRoute,
  restoreCosmosAccount,
  snapshotCosmosAccount,
  type CosmosAccount,
  type CosmosSnapshot,
} from './cosmos-account.js';
import { isChangeFeedRequest, serveChangeFeed } from './cosmos-change-feed.js';
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
  const snapshotFile = path.join(options.dataDir, 'cosmos', 'account.json');
  mkdirSync(path.dirname(snapshotFile), { recursive: true });
  const server = createServer({ cert: options.certificate.certPem, key: options.certificate.keyPem });
  const port = await listen(server, options.port ?? 0);
  // The account's self-links carry the bound port. Everything up to serving runs before the event loop can
  // deliver a request.
  const account = createCosmosAccount(loopbackHost, port);
  if (existsSync(snapshotFile)) {
    try {
      restoreCosmosAccount(account, JSON.parse(readFileSync(snapshotFile, 'utf8')) as CosmosSnapshot);
    } catch (error) {
      await close(server);
      throw new Error(`The local Cosmos DB could not load ${snapshotFile}: ${(error as Error).message}`);
    }
  }
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    handle(account, snapshotFile, request, response).catch((error: Error) => {
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
    stop: () => close(server),
  };
}

/** Mirrors the package's own request handler, plus the snapshot after each successful write and the change feed. */
async function handle(
  account: CosmosAccount,
  snapshotFile: string,
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
    const [params, handler] = found;
    try {
      body = ((await handler(account, request, response, params)) ?? {}) as Record<string, unknown>;
    } catch (error) {
      response.statusCode = 500;
      body = { message: (error as Error).message };
    }
    if (response.statusCode < 400 && isWrite(request)) {
      try {
        writeFileAtomically(snapshotFile, JSON.stringify(snapshotCosmosAccount(account)));
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

function isWrite(request: IncomingMessage): boolean {
  if (request.method === 'GET' || request.method === 'HEAD') return false;
  const isQuery =
    request.headers['x-ms-documentdb-isquery'] === 'true' ||
    request.headers['content-type'] === 'application/query+json';
  return !isQuery;
}

/**
 * The host's HTTP front end (node:http): finds the function for a request, checks its authLevel, reads the
 * body, invokes the function through the worker and writes its response. Unknown routes and methods are 404,
 * failed or timed-out invocations 500 with an empty body, as the real host answers.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { isAuthorized, type HostKeys } from './http-auth.js';
import { toRpcHttpRequest, writeRpcHttpResponse } from './http-mapping.js';
import { matchHttpRoute, type HttpRoute } from './http-routes.js';
import type { HostLogSink } from './host-log.js';
import type { RpcInvocationResponse, RpcTypedData } from './rpc-types.js';
import type { WorkerSupervisor } from './worker-supervisor.js';

/** The real host's default request size limit (100 MB). */
const maxRequestBodyBytes = 100 * 1024 * 1024;
const invocationReason = 'This function was programmatically called via the host APIs.';

export interface HttpFrontEnd {
  routes: readonly HttpRoute[];
  keys: HostKeys;
  supervisor: WorkerSupervisor;
  log: HostLogSink;
  /** The Durable management API, when the app uses Durable Functions. */
  durable?: DurableFrontEnd;
}

export interface DurableFrontEnd {
  handles(pathname: string): boolean;
  handle(request: IncomingMessage, response: ServerResponse): Promise<void>;
}

export function createRequestListener(frontEnd: HttpFrontEnd): RequestListener {
  return (request, response) => {
    handle(frontEnd, request, response).catch((error: unknown) => {
      frontEnd.log({
        level: 'error',
        category: 'host',
        message: `Request ${request.method} ${request.url} failed in the host: ${(error as Error).stack}`,
      });
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  };
}

async function handle(
  frontEnd: HttpFrontEnd,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const url = requestUrl(request);
  if (!url) {
    response.writeHead(400).end();
    return;
  }
  if (frontEnd.durable?.handles(url.pathname)) {
    await frontEnd.durable.handle(request, response);
    return;
  }
  const method = request.method ?? 'GET';
  const match = matchHttpRoute(frontEnd.routes, method, url.pathname);
  if (!match) {
    // Like the real host: a page at the root (unless a function claims it), 404 everywhere else.
    if (url.pathname === '/' && (method === 'GET' || method === 'HEAD')) {
      response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      response.end('Your Functions 4.0 app is up and running\n');
    } else response.writeHead(404).end();
    return;
  }
  const presentedKey =
    headerValue(request.headers['x-functions-key']) ?? url.searchParams.get('code') ?? undefined;
  if (!isAuthorized(match.route.authLevel, frontEnd.keys, presentedKey)) {
    response.writeHead(401).end();
    return;
  }
  const body = await readBody(request);
  if (!body) {
    response.writeHead(413).end();
    return;
  }
  const { function: target } = match.route;
  const invocationId = randomUUID();
  const http = toRpcHttpRequest(request, url, match.params, body);
  const result = await frontEnd.supervisor.invoke(
    target.name,
    {
      invocationId,
      functionId: target.functionId,
      inputData: [{ name: target.triggerBindingName, data: { http } }],
      triggerMetadata: {},
    },
    invocationReason,
  );
  if (result.status === 'succeeded') writeRpcHttpResponse(response, httpOutput(result.response));
  else response.writeHead(result.status === 'unavailable' ? 503 : 500).end();
}

/** The function's HTTP output: the return value, or a named `http` output binding. */
function httpOutput(invocation: RpcInvocationResponse): RpcTypedData | null | undefined {
  if (invocation.returnValue?.http) return invocation.returnValue;
  return invocation.outputData?.find((output) => output.data?.http)?.data;
}

/** The absolute URL the function sees, from the Host header and the request target; undefined if malformed. */
function requestUrl(request: IncomingMessage): URL | undefined {
  const target = request.url ?? '/';
  if (!target.startsWith('/')) return undefined;
  try {
    return new URL(`http://${request.headers.host ?? 'localhost'}${target}`);
  } catch {
    return undefined;
  }
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** The whole request body, or undefined when it exceeds the host's limit. */
async function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > maxRequestBodyBytes) return undefined;
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

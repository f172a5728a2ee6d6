/**
 * Runs one durable HTTP request (`BuiltIn::HttpActivity`) with fetch and gives the response as the SDK reads
 * it: `{statusCode, headers, content}` (headers as strings, content as text). Token sources (managed identity)
 * cannot work locally: such a request fails with a message saying so.
 */
import type { DurableHttpRequest } from './http-actions.js';

export interface DurableHttpResponse {
  statusCode: number;
  headers: Record<string, string>;
  content: string;
}

/** The real host's default timeout of a durable HTTP request. */
const requestTimeoutMs = 240_000;

export async function executeDurableHttp(request: DurableHttpRequest): Promise<DurableHttpResponse> {
  if (request.tokenSource) {
    throw new Error(
      'callHttp with a tokenSource (managed identity) is not supported by the local Durable backend.',
    );
  }
  const method = (request.method || 'GET').toUpperCase();
  const response = await fetch(request.uri, {
    method,
    headers: request.headers ?? {},
    ...(request.content !== undefined && method !== 'GET' && method !== 'HEAD'
      ? { body: request.content }
      : {}),
    signal: AbortSignal.timeout(requestTimeoutMs),
  });
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  return { statusCode: response.status, headers, content: await response.text() };
}

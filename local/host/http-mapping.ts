/**
 * HTTP request and response as the host hands them to and takes them from the worker: the request as
 * `RpcHttpData` with the absolute URL, headers, query, route params and the body as bytes; the response from
 * the `http` output's status, headers, cookies (as `Set-Cookie`) and body bytes.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RpcHttpCookie, RpcHttpData, RpcTypedData } from './rpc-types.js';

export function toRpcHttpRequest(
  request: IncomingMessage,
  url: URL,
  params: Record<string, string>,
  body: Buffer,
): RpcHttpData {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  // Repeated query keys are joined with commas, as ASP.NET's query collection renders them.
  const query: Record<string, string> = {};
  for (const key of new Set(url.searchParams.keys())) query[key] = url.searchParams.getAll(key).join(',');
  return {
    method: request.method ?? 'GET',
    url: url.href,
    headers,
    query,
    params,
    ...(body.length > 0 ? { body: { bytes: body } } : {}),
  };
}

/** Writes the function's HTTP output; no output at all is 204 No Content. */
export function writeRpcHttpResponse(
  response: ServerResponse,
  output: RpcTypedData | null | undefined,
): void {
  const http = output?.http;
  if (!http) {
    response.writeHead(204).end();
    return;
  }
  const status = Number(http.statusCode ?? 200);
  for (const [name, value] of Object.entries(http.headers ?? {})) response.setHeader(name, value);
  const cookies = (http.cookies ?? []).map(toSetCookie);
  if (cookies.length > 0) response.setHeader('set-cookie', cookies);
  const statusCode = Number.isInteger(status) && status >= 200 && status <= 999 ? status : 500;
  // 204 and 304 carry no body (node:http drops it); everything else states its length like the real host.
  const body = statusCode === 204 || statusCode === 304 ? Buffer.alloc(0) : bodyBytes(http.body);
  if (statusCode !== 204 && statusCode !== 304) response.setHeader('content-length', body.length);
  response.writeHead(statusCode);
  response.end(body);
}

function bodyBytes(body: RpcTypedData | null | undefined): Buffer {
  if (!body) return Buffer.alloc(0);
  if (body.bytes) return Buffer.from(body.bytes);
  if (body.string != null) return Buffer.from(body.string);
  if (body.json != null) return Buffer.from(body.json);
  return Buffer.alloc(0);
}

function toSetCookie(cookie: RpcHttpCookie): string {
  const parts = [`${cookie.name ?? ''}=${cookie.value ?? ''}`];
  if (cookie.domain?.value) parts.push(`Domain=${cookie.domain.value}`);
  if (cookie.path?.value) parts.push(`Path=${cookie.path.value}`);
  const expires = cookie.expires?.value;
  if (expires && expires.seconds != null) {
    const millis = Number(expires.seconds) * 1000 + Math.floor(Number(expires.nanos ?? 0) / 1e6);
    parts.push(`Expires=${new Date(millis).toUTCString()}`);
  }
  if (cookie.maxAge?.value != null) parts.push(`Max-Age=${cookie.maxAge.value}`);
  if (cookie.secure?.value) parts.push('Secure');
  if (cookie.httpOnly?.value) parts.push('HttpOnly');
  if (cookie.sameSite === 'lax') parts.push('SameSite=Lax');
  else if (cookie.sameSite === 'strict') parts.push('SameSite=Strict');
  else if (cookie.sameSite === 'explicitNone') parts.push('SameSite=None');
  return parts.join('; ');
}

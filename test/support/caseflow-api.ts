/** A small client of the Caseflow HTTP API for end-to-end tests: a development token per user, JSON calls. */
import assert from 'node:assert/strict';

export interface ApiUser {
  send(method: string, path: string, body?: string, contentType?: string): Promise<Response>;
  /** GET that must answer 200; the JSON body. */
  get<T>(path: string): Promise<T>;
  post(path: string, body?: unknown): Promise<Response>;
  put(path: string, body: unknown): Promise<Response>;
  /** Any request (binary bodies, extra headers), with the user's token added. */
  fetch(path: string, init: RequestInit): Promise<Response>;
}

/** `baseUrl` is read on every call, so a user outlives a restarted host on a new port. */
export async function apiUser(baseUrl: () => string, tenantId: string, userId: string): Promise<ApiUser> {
  const issued = await fetch(`${baseUrl()}/api/dev/token`, {
    method: 'POST',
    body: JSON.stringify({ tenantId, userId }),
    headers: { 'content-type': 'application/json' },
  });
  assert.equal(issued.status, 200, `a development token for ${userId}`);
  const { accessToken } = (await issued.json()) as { accessToken: string };
  const send = (method: string, path: string, body?: string, contentType = 'application/json') =>
    fetch(`${baseUrl()}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${accessToken}`,
        ...(body !== undefined ? { 'content-type': contentType } : {}),
      },
      ...(body !== undefined ? { body } : {}),
    });
  return {
    send,
    async get<T>(path: string): Promise<T> {
      const response = await send('GET', path);
      assert.equal(response.status, 200, `GET ${path}: ${response.status} ${await response.clone().text()}`);
      return (await response.json()) as T;
    },
    post: (path, body = {}) => send('POST', path, JSON.stringify(body)),
    put: (path, body) => send('PUT', path, JSON.stringify(body)),
    fetch: (path, init) =>
      fetch(`${baseUrl()}${path}`, {
        ...init,
        headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${accessToken}` },
      }),
  };
}

/** Polls `probe` until it returns a value (not undefined), failing after a deadline. */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  seconds = 30,
): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

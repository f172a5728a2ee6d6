/**
 * OAuth 2.0 client credentials tokens (RFC 6749 section 4.4), fetched once and reused by every call until
 * shortly before they expire (a minute, or a tenth of a short lifetime), then fetched again. Concurrent
 * calls share one request. Keyed by the token URL, client, scope, audience and a hash of the secret, so a
 * rotated secret gets a new token. A failed token request never carries the token endpoint's answer into
 * the error: it may echo the secret.
 */
import { createHash } from 'node:crypto';
import { JobFailure } from '../jobs/job-failure.js';

export interface ClientCredentials {
  readonly tokenUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly scope?: string;
  readonly audience?: string;
}

interface CachedToken {
  readonly accessToken: string;
  readonly refreshAt: number;
}

const refreshMarginMs = 60_000;
/** Lifetime assumed when the token endpoint names none. */
const defaultLifetimeSeconds = 300;

export class OAuthTokenCache {
  readonly #tokens = new Map<string, CachedToken>();
  readonly #pending = new Map<string, Promise<CachedToken>>();

  constructor(
    private readonly clock: () => number,
    private readonly fetcher: typeof fetch = fetch,
  ) {}

  async token(credentials: ClientCredentials, timeoutMs: number): Promise<string> {
    const key = cacheKey(credentials);
    const cached = this.#tokens.get(key);
    if (cached && this.clock() < cached.refreshAt) return cached.accessToken;
    let pending = this.#pending.get(key);
    if (!pending) {
      pending = this.request(credentials, timeoutMs).finally(() => this.#pending.delete(key));
      this.#pending.set(key, pending);
    }
    const token = await pending;
    this.#tokens.set(key, token);
    return token.accessToken;
  }

  private async request(credentials: ClientCredentials, timeoutMs: number): Promise<CachedToken> {
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: credentials.clientId,
      client_secret: credentials.clientSecret,
      ...(credentials.scope !== undefined ? { scope: credentials.scope } : {}),
      ...(credentials.audience !== undefined ? { audience: credentials.audience } : {}),
    });
    const requestedAt = this.clock();
    let response: Response;
    try {
      response = await this.fetcher(credentials.tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: form.toString(),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new JobFailure(`OAuth token request failed: ${failureKind(error)}`, true);
    }
    if (!response.ok) {
      await response.body?.cancel();
      const retryable = response.status >= 500 || response.status === 429 || response.status === 408;
      throw new JobFailure(`OAuth token request answered HTTP ${response.status}`, retryable);
    }
    const body = (await response.json().catch(() => ({}))) as {
      access_token?: unknown;
      expires_in?: unknown;
    };
    if (typeof body.access_token !== 'string' || body.access_token === '') {
      throw new JobFailure('OAuth token response has no access_token', false);
    }
    const lifetimeMs =
      (typeof body.expires_in === 'number' && body.expires_in > 0
        ? body.expires_in
        : defaultLifetimeSeconds) * 1000;
    const margin = Math.min(refreshMarginMs, lifetimeMs / 10);
    return { accessToken: body.access_token, refreshAt: requestedAt + lifetimeMs - margin };
  }
}

function cacheKey(credentials: ClientCredentials): string {
  return createHash('sha256')
    .update(
      [
        credentials.tokenUrl,
        credentials.clientId,
        credentials.scope ?? '',
        credentials.audience ?? '',
        credentials.clientSecret,
      ].join('\n'),
    )
    .digest('hex');
}

/** What went wrong on the wire, in words that hold no request data. */
export function failureKind(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } }).cause;
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return 'timed out';
  }
  if (typeof cause?.code === 'string') return `connection failed (${cause.code})`;
  return 'connection failed';
}

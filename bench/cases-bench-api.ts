/**
 * The cases benchmark's HTTP client: a dev token per user, then requests that must answer given statuses. It
 * uses `node:http` with one keep-alive agent rather than `fetch`: the client shares the machine's two cores
 * with the platform it measures, and `fetch` (undici's streams and Request/Response objects) costs several
 * times the CPU per request.
 */
import { Agent, request } from 'node:http';

export type Caller = Awaited<ReturnType<BenchApi['as']>>;

interface Answer {
  readonly status: number;
  readonly text: string;
  readonly etag?: string;
}

export class BenchApi {
  readonly #agent = new Agent({ keepAlive: true });

  constructor(readonly url: string) {}

  async as(tenantId: string, userId: string) {
    const issued = await this.#send('POST', '/api/dev/token', {
      body: JSON.stringify({ tenantId, userId }),
      contentType: 'application/json',
    });
    const { accessToken } = JSON.parse(issued.text) as { accessToken: string };
    const send = this.#send.bind(this);
    return {
      async expect<T>(
        method: string,
        route: string,
        body: string | undefined,
        statuses: number[],
        contentType = 'application/json',
      ): Promise<T> {
        const answer = await send(method, route, {
          authorization: `Bearer ${accessToken}`,
          ...(body !== undefined ? { body, contentType } : {}),
        });
        if (!statuses.includes(answer.status)) {
          throw new Error(`${method} ${route} answered ${answer.status}: ${answer.text.slice(0, 500)}`);
        }
        return JSON.parse(answer.text) as T;
      },
      /**
       * A conditional GET that waits up to `waitSeconds` for a change: the body and its ETag on 200,
       * undefined on 304 (unchanged, no body). Without an ETag (the first request) it answers at once.
       */
      async changed<T>(
        route: string,
        etag: string | undefined,
        waitSeconds: number,
      ): Promise<{ body: T; etag: string } | undefined> {
        const answer = await send('GET', route, {
          authorization: `Bearer ${accessToken}`,
          ...(etag !== undefined ? { ifNoneMatch: etag, prefer: `wait=${waitSeconds}` } : {}),
        });
        if (answer.status === 304) return undefined;
        if (answer.status !== 200 || answer.etag === undefined) {
          throw new Error(`GET ${route} answered ${answer.status}: ${answer.text.slice(0, 500)}`);
        }
        return { body: JSON.parse(answer.text) as T, etag: answer.etag };
      },
    };
  }

  #send(
    method: string,
    route: string,
    options: {
      authorization?: string;
      body?: string;
      contentType?: string;
      ifNoneMatch?: string;
      prefer?: string;
    },
  ): Promise<Answer> {
    const headers: Record<string, string> = {};
    if (options.authorization !== undefined) headers['authorization'] = options.authorization;
    if (options.ifNoneMatch !== undefined) headers['if-none-match'] = options.ifNoneMatch;
    if (options.prefer !== undefined) headers['prefer'] = options.prefer;
    if (options.body !== undefined) {
      headers['content-type'] = options.contentType ?? 'application/json';
      headers['content-length'] = String(Buffer.byteLength(options.body));
    }
    return new Promise((resolve, reject) => {
      const sent = request(`${this.url}${route}`, { method, headers, agent: this.#agent }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            text: Buffer.concat(chunks).toString('utf8'),
            ...(response.headers.etag !== undefined ? { etag: response.headers.etag } : {}),
          }),
        );
      });
      sent.on('error', reject);
      sent.end(options.body);
    });
  }
}

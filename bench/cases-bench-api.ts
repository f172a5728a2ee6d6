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
    };
  }

  #send(
    method: string,
    route: string,
    options: { authorization?: string; body?: string; contentType?: string },
  ): Promise<Answer> {
    const headers: Record<string, string> = {};
    if (options.authorization !== undefined) headers['authorization'] = options.authorization;
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
          resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
        );
      });
      sent.on('error', reject);
      sent.end(options.body);
    });
  }
}

/** The cases benchmark's HTTP client: a dev token per user, then requests that must answer given statuses. */
export type Caller = Awaited<ReturnType<BenchApi['as']>>;

export class BenchApi {
  constructor(readonly url: string) {}

  async as(tenantId: string, userId: string) {
    const issued = await fetch(`${this.url}/api/dev/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tenantId, userId }),
    });
    const { accessToken } = (await issued.json()) as { accessToken: string };
    const url = this.url;
    return {
      async expect<T>(
        method: string,
        route: string,
        body: string | undefined,
        statuses: number[],
        contentType = 'application/json',
      ): Promise<T> {
        const response = await fetch(`${url}${route}`, {
          method,
          headers: {
            authorization: `Bearer ${accessToken}`,
            ...(body !== undefined ? { 'content-type': contentType } : {}),
          },
          ...(body !== undefined ? { body } : {}),
        });
        const text = await response.text();
        if (!statuses.includes(response.status)) {
          throw new Error(`${method} ${route} answered ${response.status}: ${text.slice(0, 500)}`);
        }
        return JSON.parse(text) as T;
      },
    };
  }
}

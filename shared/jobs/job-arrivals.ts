/**
 * The per-process doorbell of long-polling fetch-and-lock: job creation (and a failed job made available
 * again) in this process rings it with (tenant, job type), and only the fetches waiting for that tenant and
 * type wake up to query again. Other processes' jobs are found by the waiters' periodic recheck instead.
 */
export class JobArrivals {
  readonly #listeners = new Map<string, Set<() => void>>();

  /** A job of `jobType` may have become fetchable in the tenant: wakes the fetches waiting for it. */
  signal(tenantId: string, jobType: string): void {
    for (const wake of [...(this.#listeners.get(keyOf(tenantId, jobType)) ?? [])]) wake();
  }

  /** Calls `wake` on each signal for the tenant and one of the types, until the returned stop is called. */
  listen(tenantId: string, types: readonly string[], wake: () => void): () => void {
    const keys = [...new Set(types)].map((type) => keyOf(tenantId, type));
    for (const key of keys) {
      let listeners = this.#listeners.get(key);
      if (!listeners) this.#listeners.set(key, (listeners = new Set()));
      listeners.add(wake);
    }
    return () => {
      for (const key of keys) {
        const listeners = this.#listeners.get(key);
        listeners?.delete(wake);
        if (listeners?.size === 0) this.#listeners.delete(key);
      }
    };
  }

  /** How many (tenant, type) pairs have someone waiting: 0 once every fetch has answered. */
  get waitedFor(): number {
    return this.#listeners.size;
  }
}

function keyOf(tenantId: string, jobType: string): string {
  return `${tenantId}\n${jobType}`;
}

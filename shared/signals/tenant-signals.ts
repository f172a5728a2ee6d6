/**
 * A per-process doorbell keyed by tenant and topic: something that may interest waiters of a topic happened
 * in the tenant (a job of a type became fetchable, a task was offered to a user), and only the waiters
 * listening for that tenant and topic wake up to look again. Other processes' changes are found by the
 * waiters' periodic recheck instead.
 */
export class TenantSignals {
  readonly #listeners = new Map<string, Set<() => void>>();

  /** Something of `topic` may have changed in the tenant: wakes the waiters listening for it. */
  signal(tenantId: string, topic: string): void {
    for (const wake of [...(this.#listeners.get(keyOf(tenantId, topic)) ?? [])]) wake();
  }

  /** Calls `wake` on each signal for the tenant and one of the topics, until the returned stop is called. */
  listen(tenantId: string, topics: readonly string[], wake: () => void): () => void {
    const keys = [...new Set(topics)].map((topic) => keyOf(tenantId, topic));
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

  /** How many (tenant, topic) pairs have someone waiting: 0 once every waiter has answered. */
  get waitedFor(): number {
    return this.#listeners.size;
  }
}

function keyOf(tenantId: string, topic: string): string {
  return `${tenantId}\n${topic}`;
}

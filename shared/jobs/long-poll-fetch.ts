/**
 * Long polling for fetch-and-lock (Camunda 7's `asyncResponseTimeout`, Zeebe's long-polling job activation):
 * when nothing is fetchable, the fetch waits until a job of one of its types may have become fetchable in its
 * tenant, then fetches again; it answers as soon as it locked something, or with nothing once the time is up.
 *
 * A signal from this process (`JobArrivals`) wakes it at once; a recheck on a fixed interval finds what no
 * signal announces: jobs created by another instance, back-offs that end, locks that expire. A fetch that
 * loses the lock race to another waiter simply waits again for the rest of its time.
 */
import type { JobArrivals } from './job-arrivals.js';

/** Timers may fire a little early; what is left of the time below this is not worth another query. */
const deadlineSlackMs = 5;

export interface LongPollOptions {
  readonly arrivals: JobArrivals;
  readonly tenantId: string;
  readonly types: readonly string[];
  /** 0: fetch once and answer at once. */
  readonly timeoutMs: number;
  /** The longest wait between two fetches without a signal. */
  readonly recheckMs: number;
}

export async function longPollFetch<T>(fetch: () => Promise<T[]>, options: LongPollOptions): Promise<T[]> {
  if (options.timeoutMs === 0) return fetch();
  const deadline = performance.now() + options.timeoutMs;
  // Listening before the first fetch: a job created while a fetch runs is fetched right after it.
  let signalled = false;
  let wake: (() => void) | undefined;
  const stopListening = options.arrivals.listen(options.tenantId, options.types, () => {
    signalled = true;
    wake?.();
  });
  try {
    for (;;) {
      signalled = false;
      const fetched = await fetch();
      const remaining = deadline - performance.now();
      if (fetched.length > 0 || remaining < deadlineSlackMs) return fetched;
      if (!signalled) {
        const waitMs = Math.ceil(Math.min(options.recheckMs, remaining));
        await wakeOrTimeout(waitMs, (resume) => (wake = resume));
      }
      wake = undefined;
    }
  } finally {
    stopListening();
  }
}

/** Resolves after `ms`, or earlier when the function handed to `register` is called. */
function wakeOrTimeout(ms: number, register: (resume: () => void) => void): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    register(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

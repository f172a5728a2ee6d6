/**
 * Long polling for fetch-and-lock (Camunda 7's `asyncResponseTimeout`, Zeebe's long-polling job activation):
 * when nothing is fetchable, the fetch waits until a job of one of its types may have become fetchable in its
 * tenant, then fetches again; it answers as soon as it locked something, or with nothing once the time is up.
 *
 * A signal from this process (`JobArrivals`) wakes it at once; the recheck finds what no signal announces:
 * jobs created by another instance, back-offs that end, locks that expire. A fetch that loses the lock race
 * to another waiter simply waits again for the rest of its time.
 */
import { longPoll } from '../signals/long-poll.js';
import type { JobArrivals } from './job-arrivals.js';

export interface LongPollFetchOptions {
  readonly arrivals: JobArrivals;
  readonly tenantId: string;
  readonly types: readonly string[];
  /** 0: fetch once and answer at once. */
  readonly timeoutMs: number;
  /** The longest wait between two fetches without a signal. */
  readonly recheckMs: number;
}

export function longPollFetch<T>(fetch: () => Promise<T[]>, options: LongPollFetchOptions): Promise<T[]> {
  return longPoll(fetch, (fetched) => fetched.length > 0, {
    listen: (wake) => options.arrivals.listen(options.tenantId, options.types, wake),
    timeoutMs: options.timeoutMs,
    recheckMs: options.recheckMs,
  });
}

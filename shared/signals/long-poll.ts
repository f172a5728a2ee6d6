/**
 * Long polling: query, and while the result is not worth answering, wait until a signal says it may have
 * changed, then query again; answer as soon as it is worth answering, or with the last result once the
 * time is up.
 *
 * A signal from this process wakes it at once; a recheck on a fixed interval finds what no signal
 * announces (changes made by another instance, time passing).
 */

/** The longest an API request may wait: far below the host's function timeout (5 min by default) and Azure's 230 s limit on an HTTP answer. */
export const maxLongPollMs = 60_000;
/** A waiting request looks again at least this often for what no signal of this process announces. */
export const longPollRecheckMs = 1000;

/** Timers may fire a little early; what is left of the time below this is not worth another query. */
const deadlineSlackMs = 5;

export interface LongPollOptions {
  /** Calls `wake` whenever the result may have changed, until the returned stop is called. */
  readonly listen: (wake: () => void) => () => void;
  /** 0: query once and answer at once. */
  readonly timeoutMs: number;
  /** The longest wait between two queries without a signal. */
  readonly recheckMs: number;
}

export async function longPoll<T>(
  query: () => Promise<T>,
  worthAnswering: (result: T) => boolean,
  options: LongPollOptions,
): Promise<T> {
  if (options.timeoutMs === 0) return query();
  const deadline = performance.now() + options.timeoutMs;
  // Listening before the first query: a change made while a query runs is looked at right after it.
  let signalled = false;
  let wake: (() => void) | undefined;
  const stopListening = options.listen(() => {
    signalled = true;
    wake?.();
  });
  try {
    for (;;) {
      signalled = false;
      const result = await query();
      const remaining = deadline - performance.now();
      if (worthAnswering(result) || remaining < deadlineSlackMs) return result;
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

/**
 * Timers that fire at a wall-clock time however far away it is. Node's setTimeout fires almost at once for
 * delays past 2^31-1 ms (about 24.8 days), so a far timer is re-armed in steps of at most `maxTimerStepMs`,
 * each step re-reading the clock (which also absorbs a machine that slept).
 */

export const maxTimerStepMs = 6 * 60 * 60 * 1000;

/** The next setTimeout delay for a timer due at `fireAtMs`; undefined when it is due now. */
export function nextTimerStep(fireAtMs: number, nowMs: number): number | undefined {
  const remaining = fireAtMs - nowMs;
  return remaining <= 0 ? undefined : Math.min(remaining, maxTimerStepMs);
}

/** Calls `onFire` once at `fireAt` (at once when it is past); returns a cancel function. */
export function armLongTimer(fireAt: Date, onFire: () => void, now: () => number = Date.now): () => void {
  let handle: NodeJS.Timeout | undefined;
  const step = () => {
    const delay = nextTimerStep(fireAt.getTime(), now());
    if (delay === undefined) onFire();
    else handle = setTimeout(step, delay);
  };
  handle = setTimeout(step, 0);
  return () => clearTimeout(handle);
}

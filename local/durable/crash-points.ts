/**
 * Crash points: a test aid that makes the host process kill itself (SIGKILL, no clean-up) at an exact place in
 * the Durable backend, so the kill test can check that every orchestration still completes after a restart.
 * Set by `CASEFLOW_LOCAL_CRASH_AT=<point>[:<n>]` (local only): the n-th time (default 1) the point is reached.
 */

export const crashPoints = [
  /** The orchestrator ran, its step is not written: the step is redone from its inbox event. */
  'step-before-write',
  /** The step is written (acknowledged), its activities and timers not yet started. */
  'step-written',
  /** An activity's invocation was sent to the worker and is running. */
  'activity-started',
  /** An activity returned; its result is not written (the activity runs again). */
  'activity-finished',
  /** An activity's result is written (work item removed, event in the inbox); the next step has not run. */
  'result-written',
  /** A durable timer was armed and is waiting. */
  'timer-armed',
  /** A durable timer fired; its TimerFired event is not written. */
  'timer-fired',
] as const;

export type CrashPoint = (typeof crashPoints)[number];

/** Called by the backend at each crash point; does nothing unless a crash point was asked for. */
export type CrashHook = (point: CrashPoint) => void;

export const noCrash: CrashHook = () => undefined;

/** The hook for a `<point>[:<n>]` setting; undefined when the setting names no crash point. */
export function crashHookFrom(
  spec: string | undefined,
  kill: () => void = killThisProcess,
): CrashHook | undefined {
  const match = /^([a-z-]+)(?::(\d+))?$/.exec(spec ?? '');
  const point = match?.[1] as CrashPoint | undefined;
  if (!match || !point || !crashPoints.includes(point)) return undefined;
  const occurrence = Math.max(1, Number(match[2] ?? '1'));
  let reached = 0;
  return (current) => {
    if (current !== point) return;
    reached += 1;
    if (reached === occurrence) kill();
  };
}

function killThisProcess(): void {
  process.kill(process.pid, 'SIGKILL');
}

/**
 * One timer-triggered function's listener, as the real TimerTriggerListener runs it: at start, a monitored
 * schedule whose recorded next occurrence has passed runs at once with `isPastDue: true`; `runOnStartup` runs
 * it once more; then it runs at each occurrence, never twice at the same time (an occurrence missed while it
 * ran is skipped). With `useMonitor` (default for schedules at least a minute apart) the status is kept in
 * storage (`timer-schedule-monitor.ts`) and passed to the function as `scheduleStatus`; otherwise that is null.
 */
import { randomUUID } from 'node:crypto';
import type { HostFunction } from './function-index.js';
import type { HostLogSink } from './host-log.js';
import { nextOccurrence, type CronSchedule } from './ncrontab.js';
import { writeQueueOutputs } from './queue-output.js';
import type { MessageEncoding, StorageQueues } from './storage-queues.js';
import type { ScheduleMonitor, ScheduleStatus } from './timer-schedule-monitor.js';
import type { Invoker } from './worker-supervisor.js';

export interface TimerListenerContext {
  supervisor: Invoker;
  queues: StorageQueues;
  messageEncoding: MessageEncoding;
  /** Undefined when no storage account is configured: no monitor, whatever the function asks for. */
  monitor: ScheduleMonitor | undefined;
  log: HostLogSink;
}

/** Node's timers fire at once beyond 2^31-1 ms (~24.8 days): long waits are re-armed in steps of a day. */
const maxTimerStepMs = 24 * 60 * 60 * 1000;
const minuteMs = 60_000;

/** `Last` of a status written before the first run (.NET's default DateTime, as the real host writes it). */
export const neverRan = '0001-01-01T00:00:00.000Z';

/**
 * The occurrence a stopped host missed, from the recorded status: its `Next`, or, when the schedule changed
 * since the last run, the new schedule's next occurrence after `Last`. Undefined when nothing was missed.
 */
export function missedOccurrence(
  schedule: CronSchedule,
  recorded: ScheduleStatus,
  now: Date,
): Date | undefined {
  const recordedNext = new Date(recorded.Next);
  const last = new Date(recorded.Last);
  const ranBefore = last.getUTCFullYear() > 1;
  const expected = ranBefore ? nextOccurrence(schedule, last) : undefined;
  const due = expected && expected.getTime() !== recordedNext.getTime() ? expected : recordedNext;
  return due.getTime() < now.getTime() ? due : undefined;
}

/** The real host's default: monitor schedules whose occurrences are at least a minute apart. */
export function monitorByDefault(schedule: CronSchedule, now: Date): boolean {
  const first = nextOccurrence(schedule, now);
  const second = first && nextOccurrence(schedule, first);
  return !first || !second || second.getTime() - first.getTime() >= minuteMs;
}

export class TimerTriggerListener {
  readonly #target: HostFunction;
  readonly #schedule: CronSchedule;
  readonly #context: TimerListenerContext;
  readonly #monitored: boolean;
  #status: ScheduleStatus | null = null;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> = Promise.resolve();
  #stopped = false;

  constructor(target: HostFunction, schedule: CronSchedule, context: TimerListenerContext) {
    this.#target = target;
    this.#schedule = schedule;
    this.#context = context;
    const useMonitor = target.trigger.useMonitor;
    const wanted = typeof useMonitor === 'boolean' ? useMonitor : monitorByDefault(schedule, new Date());
    if (wanted && !context.monitor) {
      context.log({
        level: 'warning',
        category: 'host',
        functionName: target.name,
        message: `Timer '${target.name}' runs without a schedule monitor: no storage connection is set, so a missed occurrence is not detected after a restart.`,
      });
    }
    this.#monitored = wanted && context.monitor !== undefined;
  }

  /** Reads the schedule status, runs a past-due and a startup invocation if due, and arms the timer. */
  start(): void {
    this.#running = this.#startUp()
      .catch((error: unknown) => this.#hostError(error))
      .then(() => this.#arm(nextOccurrence(this.#schedule, new Date())));
  }

  stopTimer(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
  }

  async settled(): Promise<void> {
    await this.#running;
  }

  /** At most one start-up run: past due if an occurrence was missed, else `runOnStartup`, as the real host. */
  async #startUp(): Promise<void> {
    const now = new Date();
    const monitor = this.#monitored ? this.#context.monitor : undefined;
    if (monitor) {
      const recorded = await monitor.read(this.#target.name);
      this.#status = recorded ?? {
        Last: neverRan,
        Next: nextOccurrence(this.#schedule, now)?.toISOString() ?? '',
        LastUpdated: now.toISOString(),
      };
      if (!recorded) await monitor.write(this.#target.name, this.#status);
      const missed = recorded && missedOccurrence(this.#schedule, recorded, now);
      if (missed) {
        await this.#invoke(missed, true);
        return;
      }
    }
    if (this.#target.trigger.runOnStartup === true) await this.#invoke(new Date(), false);
  }

  #arm(occurrence: Date | undefined): void {
    if (this.#stopped || !occurrence) return;
    const wait = occurrence.getTime() - Date.now();
    if (wait > maxTimerStepMs) {
      this.#timer = setTimeout(() => this.#arm(occurrence), maxTimerStepMs);
      return;
    }
    this.#timer = setTimeout(
      () => {
        this.#running = this.#invoke(occurrence, false)
          .catch((error: unknown) => this.#hostError(error))
          // Counted from the end of the run: occurrences that passed meanwhile are skipped.
          .then(() =>
            this.#arm(nextOccurrence(this.#schedule, new Date(Math.max(Date.now(), occurrence.getTime())))),
          );
      },
      Math.max(wait, 0),
    );
  }

  async #invoke(occurrence: Date, isPastDue: boolean): Promise<void> {
    if (this.#stopped) return;
    const { supervisor, queues, messageEncoding, monitor } = this.#context;
    const timerInfo = {
      Schedule: { AdjustForDST: true },
      ScheduleStatus: this.#monitored ? this.#status : null,
      IsPastDue: isPastDue,
    };
    const result = await supervisor.invoke(
      this.#target.name,
      {
        invocationId: randomUUID(),
        functionId: this.#target.functionId,
        inputData: [{ name: this.#target.triggerBindingName, data: { json: JSON.stringify(timerInfo) } }],
        triggerMetadata: {},
      },
      `Timer fired at ${new Date().toISOString()}`,
    );
    if (result.status === 'succeeded') {
      await writeQueueOutputs(this.#target, result.response, queues, messageEncoding);
    }
    // Failed runs count as runs too: the real host records the occurrence either way (no retry by default).
    if (this.#monitored && monitor && !this.#stopped) {
      const now = new Date();
      const next = nextOccurrence(this.#schedule, new Date(Math.max(now.getTime(), occurrence.getTime())));
      this.#status = {
        Last: occurrence.toISOString(),
        Next: next?.toISOString() ?? '',
        LastUpdated: now.toISOString(),
      };
      await monitor.write(this.#target.name, this.#status);
    }
  }

  #hostError(error: unknown): void {
    this.#context.log({
      level: 'error',
      category: 'host',
      functionName: this.#target.name,
      message: `Timer trigger '${this.#target.name}' failed in the host: ${(error as Error).message}`,
    });
  }
}

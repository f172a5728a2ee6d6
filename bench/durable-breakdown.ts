/**
 * Where the Durable benchmark's step time goes, collected per scenario from the host's timing aid
 * (`durableTiming`): waiting for an orchestrator slot, the orchestrator's invocation (replay in the worker,
 * IPC both ways), the step's write to Azurite, waiting for an activity slot, the activity's invocation; and
 * the host process's event-loop delay (what garbage collection and long callbacks add to everything).
 */
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { DurableTiming } from '../local/durable/durable-backend.js';
import { latency, type Latency } from './latency.js';

const resolutionMs = 10;

export interface DurableBreakdown {
  readonly orchestratorWait: Latency;
  readonly orchestrator: Latency;
  readonly write: Latency;
  readonly activityWait: Latency;
  readonly activity: Latency;
  /** The host process's event-loop delay: how late a 10 ms timer fired. */
  readonly eventLoopDelay: { readonly p50Ms: number; readonly p99Ms: number; readonly maxMs: number };
}

export class BreakdownCollector {
  readonly #samples = newSamples();
  readonly #loopDelay: IntervalHistogram = monitorEventLoopDelay({ resolution: resolutionMs });

  readonly record = (timing: DurableTiming): void => {
    if (timing.kind === 'step') {
      this.#samples.orchestratorWait.push(timing.waitMs);
      this.#samples.orchestrator.push(timing.orchestratorMs);
      this.#samples.write.push(timing.writeMs);
    } else {
      this.#samples.activityWait.push(timing.waitMs);
      this.#samples.activity.push(timing.runMs);
    }
  };

  /** Starts a scenario: forgets what was recorded before. */
  begin(): void {
    for (const values of Object.values(this.#samples)) values.length = 0;
    this.#loopDelay.reset();
    this.#loopDelay.enable();
  }

  end(): DurableBreakdown {
    this.#loopDelay.disable();
    // The histogram holds the time between the timer's runs: the delay is what exceeds its interval.
    const ms = (nanoseconds: number) => Math.max(0, Math.round(nanoseconds / 1e5 - resolutionMs * 10) / 10);
    const rounded = (values: number[]) => latency(values.map((value) => Math.round(value * 10) / 10));
    return {
      orchestratorWait: rounded(this.#samples.orchestratorWait),
      orchestrator: rounded(this.#samples.orchestrator),
      write: rounded(this.#samples.write),
      activityWait: rounded(this.#samples.activityWait),
      activity: rounded(this.#samples.activity),
      eventLoopDelay: {
        p50Ms: ms(this.#loopDelay.percentile(50)),
        p99Ms: ms(this.#loopDelay.percentile(99)),
        maxMs: ms(this.#loopDelay.max),
      },
    };
  }
}

function newSamples() {
  return { orchestratorWait: [], orchestrator: [], write: [], activityWait: [], activity: [] } as Record<
    'orchestratorWait' | 'orchestrator' | 'write' | 'activityWait' | 'activity',
    number[]
  >;
}

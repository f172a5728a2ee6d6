/**
 * The Durable benchmark: the local Functions host with persistence in Azurite (a fresh data folder), running
 * bench/durable-bench-app.ts. Scenarios: orchestrations of 5 sequential activities started at a steady rate,
 * the same started all at once, and one fan-out/fan-in. Figures come from the stored histories: activity
 * completions per second (from the first start to the last completion) and, per orchestration step, the time
 * from one step of an instance to its next (see docs/benchmarks.md).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { EventType, type HistoryEvent } from '../local/durable/history-events.js';
import type { InstanceDocument } from '../local/durable/instance-document.js';
import { InstanceStore } from '../local/durable/instance-store.js';
import { startAzurite } from '../local/emulators/azurite.js';
import { startFunctionsHost, type FunctionsHost } from '../local/host/start-functions-host.js';
import type { StarterReply, StarterRequest } from './durable-bench-starter-protocol.js';
import { BreakdownCollector, type DurableBreakdown } from './durable-breakdown.js';
import { latency, type Latency } from './latency.js';

export interface DurableBenchOptions {
  /** Orchestrations of 5 sequential activities in each sequential scenario. */
  sequentialInstances: number;
  /** Orchestrations started per second in the paced scenario. */
  startsPerSecond: number;
  /** Activities of the fan-out/fan-in orchestration. */
  fanOut: number;
}

export const defaultDurableBenchOptions: DurableBenchOptions = {
  sequentialInstances: 300,
  // 60 × 5 activities: the paced scenario offers the target, 300 activity completions per second.
  startsPerSecond: 60,
  fanOut: 50,
};

export interface DurableScenarioResult {
  readonly scenario: string;
  readonly instances: number;
  readonly activityCompletions: number;
  readonly seconds: number;
  readonly activityCompletionsPerSecond: number;
  /** From one orchestration step of an instance to its next step. */
  readonly stepLatency: Latency;
  /** From the step that scheduled an activity to the step that handed its result to the orchestrator. */
  readonly activityRoundTrip: Latency;
  /** Where the host spent each step's time (see bench/durable-breakdown.ts). */
  readonly breakdown: DurableBreakdown;
}

const appEntry = fileURLToPath(new URL('./durable-bench-app.js', import.meta.url));
const starterEntry = fileURLToPath(new URL('./durable-bench-starter.js', import.meta.url));
const hubName = 'TestHubName';
const pollMs = 100;

export async function durableBenchmark(options: DurableBenchOptions): Promise<DurableScenarioResult[]> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'caseflow-durable-bench-'));
  const azurite = await startAzurite({ dataDir });
  let host: FunctionsHost | undefined;
  // The client runs in a process of its own: its requests are not the host's work (see the starter).
  const starter = fork(starterEntry, [], { stdio: 'inherit' });
  const errors: string[] = [];
  const breakdown = new BreakdownCollector();
  try {
    await writeFile(path.join(dataDir, 'package.json'), JSON.stringify({ type: 'module', main: appEntry }));
    host = await startFunctionsHost({
      appRoot: dataDir,
      port: 0,
      settings: { AzureWebJobsStorage: azurite.connectionString },
      hostJson: {},
      durableTiming: breakdown.record,
      log: (entry) => {
        if (entry.level === 'error' || entry.level === 'critical') errors.push(entry.message);
      },
    });
    const runner = new ScenarioRunner(
      host.url,
      new InstanceStore(azurite.connectionString, hubName),
      starter,
      breakdown,
    );
    // Warm-up (worker and JIT), not reported.
    await runner.run('warm-up', 'fiveSteps', 5, 0);
    await runner.run('warm-up fan-out', 'fanOutFanIn', 1, 0, Math.min(options.fanOut, 10));
    const results = [
      await runner.run(
        `${options.sequentialInstances} × 5 sequential activities, ${options.startsPerSecond} starts/s`,
        'fiveSteps',
        options.sequentialInstances,
        options.startsPerSecond,
      ),
      await runner.run(
        `${options.sequentialInstances} × 5 sequential activities, all started at once`,
        'fiveSteps',
        options.sequentialInstances,
        0,
      ),
      await runner.run(`fan-out/fan-in of ${options.fanOut}`, 'fanOutFanIn', 1, 0, options.fanOut),
    ];
    if (errors.length > 0) throw new Error(`The host logged errors:\n${errors.slice(0, 5).join('\n')}`);
    return results;
  } finally {
    starter.kill();
    await host?.stop();
    await azurite.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

class ScenarioRunner {
  readonly #url: string;
  readonly #store: InstanceStore;
  readonly #starter: ChildProcess;
  readonly #breakdown: BreakdownCollector;
  #runs = 0;

  constructor(url: string, store: InstanceStore, starter: ChildProcess, breakdown: BreakdownCollector) {
    this.#url = url;
    this.#store = store;
    this.#starter = starter;
    this.#breakdown = breakdown;
  }

  /** Starts `instances` (`perSecond` 0: all at once), waits for all of them, measures from their histories. */
  async run(
    scenario: string,
    orchestrator: string,
    instances: number,
    perSecond: number,
    input = 0,
  ): Promise<DurableScenarioResult> {
    this.#runs += 1;
    const ids = Array.from({ length: instances }, (_, index) => `run${this.#runs}-${index}`);
    this.#breakdown.begin();
    const request: StarterRequest = { url: this.#url, orchestrator, ids, perSecond, input };
    const ended = once(this.#starter, 'exit').then(([code]) => {
      throw new Error(`The benchmark's client process exited (${String(code)}).`);
    });
    const replied = once(this.#starter, 'message') as Promise<[StarterReply]>;
    this.#starter.send(request);
    const [reply] = await Promise.race([replied, ended]);
    if (reply.kind === 'failed') throw new Error(reply.message);
    const started = reply.startedMs;
    const documents: InstanceDocument[] = [];
    for (const id of ids.reverse()) documents.push(await this.#completed(id));
    return measure(scenario, documents, started, this.#breakdown.end());
  }

  async #completed(id: string): Promise<InstanceDocument> {
    for (;;) {
      const stored = await this.#store.read(id);
      const status = stored?.document.runtimeStatus;
      if (status === 'Completed' && stored) return stored.document;
      if (status === 'Failed' || status === 'Terminated') throw new Error(`${id} ended ${status}`);
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  }
}

function measure(
  scenario: string,
  documents: InstanceDocument[],
  startedMs: number,
  breakdown: DurableBreakdown,
): DurableScenarioResult {
  const steps: number[] = [];
  const roundTrips: number[] = [];
  let completions = 0;
  let lastMs = startedMs;
  for (const { history } of documents) {
    const stepStarts = history.filter((event) => event.EventType === EventType.OrchestratorStarted);
    for (let index = 1; index < stepStarts.length; index += 1) {
      steps.push(time(stepStarts[index]!) - time(stepStarts[index - 1]!));
    }
    const scheduledAt = new Map<unknown, number>();
    let stepStart = 0;
    for (const event of history) {
      if (event.EventType === EventType.OrchestratorStarted) stepStart = time(event);
      if (event.EventType === EventType.TaskScheduled) scheduledAt.set(event.EventId, time(event));
      if (event.EventType === EventType.TaskCompleted) {
        completions += 1;
        roundTrips.push(stepStart - (scheduledAt.get(event['TaskScheduledId']) ?? stepStart));
      }
      if (event.EventType === EventType.ExecutionCompleted) lastMs = Math.max(lastMs, time(event));
    }
  }
  const seconds = (lastMs - startedMs) / 1000;
  return {
    scenario,
    instances: documents.length,
    activityCompletions: completions,
    seconds,
    activityCompletionsPerSecond: Math.round(completions / seconds),
    stepLatency: latency(steps),
    activityRoundTrip: latency(roundTrips),
    breakdown,
  };
}

function time(event: HistoryEvent): number {
  return Date.parse(event.Timestamp);
}

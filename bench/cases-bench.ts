/**
 * The cases benchmark: the whole local cloud (emulators with persistence on a fresh data folder, the Functions
 * host running the app) and bench/cases-bench-model.ts driven only through the HTTP API by a client in a process
 * of its own (bench/cases-bench-client.ts, forked once the local cloud is up). Figures: completed cases per
 * second (cases ÷ the time from the first start to the last case's end), for each hop the time from sending the
 * request of one step (start, job completion, task completion) to the poll that first sees the next piece of
 * work, and the CPU per case of the platform and of the client apart (see docs/benchmarks.md#cases).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLocalCloud, type LocalCloud } from '../local/start-local-cloud.js';
import type { CasesClientReply, CasesClientRequest, CasesRunFigures } from './cases-bench-client-protocol.js';
import { cpuBetween, processTreeCpu, type ProcessCpu } from './process-cpu.js';

export interface CasesBenchOptions {
  /** Cases in the measured run. */
  readonly cases: number;
  /** Cases started per second, in the warm-up and in the measured run. */
  readonly startsPerSecond: number;
  /**
   * Cases run first, at the same rate, and reported apart as `warmUp`: the first seconds after the host starts
   * run code V8 has not optimised yet, about 100 cases' worth (docs/benchmarks.md#cases, "Warm-up").
   */
  readonly warmUpCases: number;
}

export const defaultCasesBenchOptions: CasesBenchOptions = {
  cases: 300,
  startsPerSecond: 20,
  warmUpCases: 100,
};

/** CPU time of a batch of cases (user + system, from Linux's /proc), per case. */
export interface CasesCpu {
  /**
   * The platform: the benchmark's process (host, Durable backend, Cosmos DB emulator) and the processes it
   * started (the Functions worker, Azurite), not the client.
   */
  readonly cpuMsPerCase: number;
  /** The benchmark's client process. */
  readonly clientCpuMsPerCase: number;
  /**
   * The batch's CPU time by process, named by the script each runs (`run.js`: the benchmark's own process,
   * `cases-bench-client.js`: the client).
   */
  readonly cpuByProcess: readonly ProcessCpu[];
}

export interface CasesBenchResult extends CasesRunFigures, CasesCpu {
  /** The warm-up's own figures: the local cloud from a cold start. */
  readonly warmUp: CasesRunFigures & CasesCpu;
  /** Load average (1 minute) at the end of the run, and the machine's CPUs. */
  readonly loadAverage: number;
  readonly cpus: number;
}

const appRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const clientEntry = fileURLToPath(new URL('./cases-bench-client.js', import.meta.url));

export async function casesBenchmark(options: CasesBenchOptions): Promise<CasesBenchResult> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'caseflow-cases-bench-'));
  const errors: string[] = [];
  let cloud: LocalCloud | undefined;
  let client: CasesClient | undefined;
  try {
    cloud = await startLocalCloud({
      appRoot,
      dataDir,
      ports: 'free',
      log: (entry) => {
        if (entry.level === 'error' || entry.level === 'critical') errors.push(entry.message);
      },
    });
    const url = cloud.host.url;
    const driver = (client = new CasesClient());
    if (!(options.warmUpCases >= 1)) throw new Error('The warm-up needs at least one case.');
    const [warmUp, atStart, cpuBefore] = await withHostErrors(errors, async () => {
      await driver.prepare(url);
      const cpuAtStart = processTreeCpu();
      return [
        await driver.drive(options.warmUpCases, options.startsPerSecond),
        cpuAtStart,
        processTreeCpu(),
      ] as const;
    });
    const figures = await withHostErrors(errors, () => driver.drive(options.cases, options.startsPerSecond));
    const cpuAfter = processTreeCpu();
    if (errors.length > 0) throw new Error(`The host logged errors:\n${errors.slice(0, 5).join('\n')}`);
    return {
      ...figures,
      ...casesCpu(cpuBetween(cpuBefore, cpuAfter), options.cases, driver.pid),
      warmUp: { ...warmUp, ...casesCpu(cpuBetween(atStart, cpuBefore), options.warmUpCases, driver.pid) },
      loadAverage: Math.round(os.loadavg()[0]! * 100) / 100,
      cpus: os.cpus().length,
    };
  } finally {
    // The client first, so that its polls end before the local cloud does (not as refused connections).
    await client?.stop();
    await cloud?.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

function casesCpu(
  cpuByProcess: readonly ProcessCpu[],
  cases: number,
  clientPid: number | undefined,
): CasesCpu {
  const perCase = (entries: readonly ProcessCpu[]) =>
    Math.round((entries.reduce((sum, entry) => sum + entry.cpuMs, 0) / cases) * 10) / 10;
  return {
    cpuMsPerCase: perCase(cpuByProcess.filter((entry) => entry.pid !== clientPid)),
    clientCpuMsPerCase: perCase(cpuByProcess.filter((entry) => entry.pid === clientPid)),
    cpuByProcess,
  };
}

/** The client process: one request at a time, each answered once (or failed, or the process ended). */
class CasesClient {
  readonly #process: ChildProcess = fork(clientEntry, [], { stdio: 'inherit' });
  readonly #exited = once(this.#process, 'exit');

  get pid(): number | undefined {
    return this.#process.pid;
  }

  async prepare(url: string): Promise<void> {
    await this.#ask({ kind: 'prepare', url });
  }

  async drive(cases: number, startsPerSecond: number): Promise<CasesRunFigures> {
    const reply = await this.#ask({ kind: 'drive', cases, startsPerSecond });
    if (reply.kind !== 'driven') throw new Error(`The client answered a drive with ${reply.kind}.`);
    return reply.figures;
  }

  async #ask(request: CasesClientRequest): Promise<CasesClientReply> {
    const replied = once(this.#process, 'message') as Promise<[CasesClientReply]>;
    const ended = this.#exited.then(([code]) => {
      throw new Error(`The benchmark's client process exited (${String(code)}).`);
    });
    this.#process.send(request);
    const [reply] = await Promise.race([replied, ended]);
    if (reply.kind === 'failed') throw new Error(reply.message);
    return reply;
  }

  async stop(): Promise<void> {
    if (this.#process.exitCode === null && this.#process.signalCode === null) this.#process.kill();
    await this.#exited;
  }
}

/** A failed run reports what the host logged as errors with it: a 500's cause is only in the host's log. */
async function withHostErrors<T>(errors: readonly string[], run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (errors.length === 0) throw error;
    throw new Error(
      `${(error as Error).message}\nThe host logged errors:\n${errors.slice(0, 5).join('\n')}`,
      {
        cause: error,
      },
    );
  }
}

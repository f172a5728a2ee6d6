/**
 * The cases benchmark: the whole local cloud (emulators with persistence on a fresh data folder, the Functions
 * host running the app) and bench/cases-bench-model.ts driven only through the HTTP API. Cases are started at
 * a steady rate by `walter`; a bench worker (`svc-worker`) polls fetch-and-lock for both service tasks' job
 * types and completes each job it gets; `walter` polls his inbox and completes each approve task. Figures:
 * completed cases per second (cases ÷ the time from the first start to the last case's end), and for each hop
 * the time from sending the request of one step (start, job completion, task completion) to the poll that
 * first sees the next piece of work (see docs/benchmarks.md#cases).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLocalCloud, type LocalCloud } from '../local/start-local-cloud.js';
import { benchAssignee, benchJobTypes, benchModel, benchProcessKey } from './cases-bench-model.js';
import { latency, type Latency } from './latency.js';
import { cpuBetween, processTreeCpu, type ProcessCpu } from './process-cpu.js';

export interface CasesBenchOptions {
  /** Cases in the measured run (after a warm-up of a few cases). */
  readonly cases: number;
  /** Cases started per second. */
  readonly startsPerSecond: number;
  /** Pause between two polls of the inbox, and of fetch-and-lock, that found nothing new. */
  readonly pollMs: number;
}

export const defaultCasesBenchOptions: CasesBenchOptions = { cases: 300, startsPerSecond: 20, pollMs: 20 };

export interface CasesBenchResult {
  readonly cases: number;
  readonly startsPerSecond: number;
  readonly pollMs: number;
  /** From the first start request to the last case's `endedAt`. */
  readonly seconds: number;
  readonly casesPerSecond: number;
  /** Start request sent -> the check job fetched. */
  readonly startToJob: Latency;
  /** Check job completion sent -> the approve task seen in the inbox (the measure). */
  readonly jobToInbox: Latency;
  /** Approve task completion sent -> the book job fetched. */
  readonly taskToJob: Latency;
  /** Both hops from a completed task or job to the next one (jobToInbox and taskToJob together). */
  readonly taskToNextTask: Latency;
  /** Book job completion sent -> the case's `endedAt` (server clock, same machine). */
  readonly jobToCaseEnd: Latency;
  /** How long the API took to answer each kind of request. */
  readonly requests: {
    readonly start: Latency;
    readonly completeJob: Latency;
    readonly completeTask: Latency;
  };
  /**
   * CPU time of the measured run per case, over the benchmark's process (host, Durable backend, Cosmos DB
   * emulator, the bench's own HTTP clients) and the processes it started (the Functions worker, Azurite).
   */
  readonly cpuMsPerCase: number;
  /** The same by process, named by the script each runs (`run.js`: the benchmark's own process). */
  readonly cpuByProcess: readonly ProcessCpu[];
  /** Load average (1 minute) at the end of the run, and the machine's CPUs. */
  readonly loadAverage: number;
  readonly cpus: number;
}

const appRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export async function casesBenchmark(options: CasesBenchOptions): Promise<CasesBenchResult> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'caseflow-cases-bench-'));
  const errors: string[] = [];
  let cloud: LocalCloud | undefined;
  try {
    cloud = await startLocalCloud({
      appRoot,
      dataDir,
      ports: 'free',
      log: (entry) => {
        if (entry.level === 'error' || entry.level === 'critical') errors.push(entry.message);
      },
    });
    const api = new BenchApi(cloud.host.url);
    const designer = await api.as('contoso', 'dave');
    await designer.expect('POST', '/api/models', benchModel, [201], 'application/xml');
    const run = new CasesRun(api, options.pollMs);
    await run.init();
    const cpuBefore = await withHostErrors(errors, async () => {
      await run.drive(Math.min(5, options.cases), options.startsPerSecond); // warm-up, not reported
      return processTreeCpu();
    });
    const result = await withHostErrors(errors, () => run.drive(options.cases, options.startsPerSecond));
    const cpuByProcess = cpuBetween(cpuBefore, processTreeCpu());
    const cpuMs = cpuByProcess.reduce((sum, entry) => sum + entry.cpuMs, 0);
    if (errors.length > 0) throw new Error(`The host logged errors:\n${errors.slice(0, 5).join('\n')}`);
    return {
      ...result,
      cpuMsPerCase: Math.round((cpuMs / options.cases) * 10) / 10,
      cpuByProcess,
      loadAverage: Math.round(os.loadavg()[0]! * 100) / 100,
      cpus: os.cpus().length,
    };
  } finally {
    await cloud?.stop();
    await rm(dataDir, { recursive: true, force: true });
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

type Caller = Awaited<ReturnType<BenchApi['as']>>;

class BenchApi {
  constructor(readonly url: string) {}

  async as(tenantId: string, userId: string) {
    const issued = await fetch(`${this.url}/api/dev/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tenantId, userId }),
    });
    const { accessToken } = (await issued.json()) as { accessToken: string };
    const url = this.url;
    return {
      async expect<T>(
        method: string,
        route: string,
        body: string | undefined,
        statuses: number[],
        contentType = 'application/json',
      ): Promise<T> {
        const response = await fetch(`${url}${route}`, {
          method,
          headers: {
            authorization: `Bearer ${accessToken}`,
            ...(body !== undefined ? { 'content-type': contentType } : {}),
          },
          ...(body !== undefined ? { body } : {}),
        });
        const text = await response.text();
        if (!statuses.includes(response.status)) {
          throw new Error(`${method} ${route} answered ${response.status}: ${text.slice(0, 500)}`);
        }
        return JSON.parse(text) as T;
      },
    };
  }
}

interface Job {
  id: string;
  caseId: string;
  type: string;
}
interface Task {
  id: string;
  caseId: string;
}
interface CaseView {
  id: string;
  status: string;
  endedAt?: string;
}

/** One measured batch: starts, the worker and inbox loops, and the times each case's steps were seen. */
class CasesRun {
  #starter!: Caller;
  #worker!: Caller;
  #admin!: Caller;

  constructor(
    private readonly api: BenchApi,
    private readonly pollMs: number,
  ) {}

  async init(): Promise<void> {
    this.#starter = await this.api.as('contoso', benchAssignee);
    this.#worker = await this.api.as('contoso', 'svc-worker');
    this.#admin = await this.api.as('contoso', 'alice');
  }

  async drive(
    count: number,
    perSecond: number,
  ): Promise<Omit<CasesBenchResult, 'loadAverage' | 'cpus' | 'cpuMsPerCase' | 'cpuByProcess'>> {
    // Per case id: when each step's request was sent, and when the poll first saw each piece of work.
    const sent = { start: new Map<string, number>(), check: new Map<string, number>() };
    const sentMore = { task: new Map<string, number>(), book: new Map<string, number>() };
    const seen = {
      check: new Map<string, number>(),
      task: new Map<string, number>(),
      book: new Map<string, number>(),
    };
    const seenTasks = new Set<string>();
    const pending: Promise<void>[] = [];
    const startRequests: Promise<void>[] = [];
    const requests = { start: [] as number[], completeJob: [] as number[], completeTask: [] as number[] };
    let finished = false;
    const firstStart = Date.now();

    const starts = (async () => {
      for (let index = 0; index < count; index++) {
        const due = firstStart + (index * 1000) / perSecond;
        if (due > Date.now()) await sleep(due - Date.now());
        const sentAt = Date.now();
        startRequests.push(
          this.#starter
            .expect<CaseView>('POST', '/api/cases', JSON.stringify({ processKey: benchProcessKey }), [201])
            .then((created) => {
              sent.start.set(created.id, sentAt);
              requests.start.push(Date.now() - sentAt);
            }),
        );
      }
    })();

    const worker = (async () => {
      while (!finished) {
        const { items } = await this.#worker.expect<{ items: Job[] }>(
          'POST',
          '/api/jobs/fetch-and-lock',
          JSON.stringify({ workerId: 'bench', types: benchJobTypes, maxJobs: 50, lockDurationMs: 60_000 }),
          [200],
        );
        const seenAt = Date.now();
        for (const job of items) {
          const isCheck = job.type === benchJobTypes[0];
          (isCheck ? seen.check : seen.book).set(job.caseId, seenAt);
          (isCheck ? sent.check : sentMore.book).set(job.caseId, Date.now());
          pending.push(
            timed(requests.completeJob, () =>
              this.#worker.expect(
                'POST',
                `/api/jobs/${job.id}/complete`,
                JSON.stringify({ workerId: 'bench' }),
                [200],
              ),
            ),
          );
        }
        if (items.length === 0) await sleep(this.pollMs);
      }
    })();

    const inbox = (async () => {
      while (!finished) {
        const { items } = await this.#starter.expect<{ items: Task[] }>(
          'GET',
          `/api/tasks?scope=mine&processKey=${benchProcessKey}&limit=200`,
          undefined,
          [200],
        );
        const seenAt = Date.now();
        const fresh = items.filter((task) => !seenTasks.has(task.id));
        for (const task of fresh) {
          seenTasks.add(task.id);
          seen.task.set(task.caseId, seenAt);
          sentMore.task.set(task.caseId, Date.now());
          pending.push(
            timed(requests.completeTask, () =>
              this.#starter.expect(
                'POST',
                `/api/tasks/${task.id}/complete`,
                JSON.stringify({ variables: { approved: true } }),
                [200],
              ),
            ),
          );
        }
        if (fresh.length === 0) await sleep(this.pollMs);
      }
    })();

    let ended: CaseView[];
    try {
      await starts;
      await Promise.all(startRequests);
      // Every book job fetched and its completion answered: only then are the cases read for their ends, so
      // the bench does not poll cases that are still running (each poll a request to the API and 2 reads).
      const deadline = Date.now() + 120_000 + count * 1_000;
      while (sentMore.book.size < count) {
        if (Date.now() > deadline) throw new Error(`${count - sentMore.book.size} cases never reached book`);
        await Promise.race([sleep(50), worker, inbox]); // a loop that failed ends the wait with its error
      }
      await Promise.all(pending);
      ended = await this.#ended([...sent.start.keys()]);
    } finally {
      // Stop the loops before the local cloud stops, so a failure is reported as itself, not as the polls'
      // refused connections.
      finished = true;
      await Promise.allSettled([worker, inbox, ...pending]);
    }
    await Promise.all([worker, inbox, Promise.all(pending)]);

    const endTimes = ended.map((found) => Date.parse(found.endedAt ?? ''));
    const seconds = (Math.max(...endTimes) - firstStart) / 1000;
    const hop = (to: Map<string, number>, from: Map<string, number>) =>
      ended.map(({ id }) => (to.get(id) ?? NaN) - (from.get(id) ?? NaN)).filter(Number.isFinite);
    const endedAt = new Map(ended.map((found) => [found.id, Date.parse(found.endedAt ?? '')]));
    const hops = {
      startToJob: hop(seen.check, sent.start),
      jobToInbox: hop(seen.task, sent.check),
      taskToJob: hop(seen.book, sentMore.task),
    };
    const jobToCaseEnd = hop(endedAt, sentMore.book);
    return {
      cases: count,
      startsPerSecond: perSecond,
      pollMs: this.pollMs,
      seconds,
      casesPerSecond: Math.round((count / seconds) * 10) / 10,
      startToJob: latency(hops.startToJob),
      jobToInbox: latency(hops.jobToInbox),
      taskToJob: latency(hops.taskToJob),
      taskToNextTask: latency([...hops.jobToInbox, ...hops.taskToJob]),
      jobToCaseEnd: latency(jobToCaseEnd),
      requests: {
        start: latency(requests.start),
        completeJob: latency(requests.completeJob),
        completeTask: latency(requests.completeTask),
      },
    };
  }

  /** Waits until every case has ended (completed), polling each unfinished one; fails on any other end. */
  async #ended(caseIds: string[]): Promise<CaseView[]> {
    const done = new Map<string, CaseView>();
    const deadline = Date.now() + 120_000 + caseIds.length * 1_000;
    while (done.size < caseIds.length) {
      if (Date.now() > deadline) throw new Error(`${caseIds.length - done.size} cases did not end`);
      for (const id of caseIds.filter((caseId) => !done.has(caseId))) {
        const found = await this.#admin.expect<CaseView>('GET', `/api/cases/${id}`, undefined, [200]);
        if (found.status === 'completed') done.set(id, found);
        else if (found.status !== 'active') throw new Error(`Case ${id} ended ${found.status}`);
        else break; // cases end roughly in start order: check the rest on the next round
      }
      if (done.size < caseIds.length) await sleep(200);
    }
    return caseIds.map((id) => done.get(id)!);
  }
}

async function timed(samples: number[], request: () => Promise<unknown>): Promise<void> {
  const sentAt = Date.now();
  await request();
  samples.push(Date.now() - sentAt);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

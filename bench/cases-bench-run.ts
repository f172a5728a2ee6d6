/**
 * One batch of the cases benchmark, driven through the HTTP API: cases started at a steady rate by `walter`; a
 * bench worker (`svc-worker`) long-polls fetch-and-lock for both service tasks' job types and completes each
 * job it gets; `walter` waits on his inbox (`If-None-Match` + `Prefer: wait`) and completes each approve task.
 * It records when each step's request was sent and when a poll first saw the next piece of work (see
 * docs/benchmarks.md#cases).
 */
import { BenchApi, type Caller } from './cases-bench-api.js';
import type { CasesRunFigures } from './cases-bench-client-protocol.js';
import { benchAssignee, benchJobTypes, benchModel, benchProcessKey } from './cases-bench-model.js';
import { latency } from './latency.js';

/**
 * How long a fetch-and-lock waits for a job when none is fetchable; short, so the worker loop notices the
 * end of a batch soon.
 */
const workerLongPollMs = 1000;
/** How long an inbox request waits for its page to change; short for the same reason. */
const inboxWaitSeconds = 1;

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

/**
 * Batches of cases (the warm-up, the measured run): the starts, the worker and inbox loops, and when each
 * case's steps were sent and seen.
 */
export class CasesRun {
  /** Deploys the bench model and gets the tokens of the starter (and inbox), the worker and an admin. */
  static async prepare(url: string): Promise<CasesRun> {
    const api = new BenchApi(url);
    const designer = await api.as('contoso', 'dave');
    await designer.expect('POST', '/api/models', benchModel, [201], 'application/xml');
    return new CasesRun(
      await api.as('contoso', benchAssignee),
      await api.as('contoso', 'svc-worker'),
      await api.as('contoso', 'alice'),
    );
  }

  private constructor(
    private readonly starter: Caller,
    private readonly worker: Caller,
    private readonly admin: Caller,
  ) {}

  async drive(count: number, perSecond: number): Promise<CasesRunFigures> {
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
          this.starter
            .expect<CaseView>('POST', '/api/cases', JSON.stringify({ processKey: benchProcessKey }), [201])
            .then((created) => {
              sent.start.set(created.id, sentAt);
              requests.start.push(Date.now() - sentAt);
            }),
        );
      }
    })();

    // Long polling: the server waits for work, so an empty answer is followed by the next fetch at once.
    const worker = (async () => {
      while (!finished) {
        const { items } = await this.worker.expect<{ items: Job[] }>(
          'POST',
          '/api/jobs/fetch-and-lock',
          JSON.stringify({
            workerId: 'bench',
            types: benchJobTypes,
            maxJobs: 50,
            lockDurationMs: 60_000,
            asyncResponseTimeoutMs: workerLongPollMs,
          }),
          [200],
        );
        const seenAt = Date.now();
        for (const job of items) {
          const isCheck = job.type === benchJobTypes[0];
          (isCheck ? seen.check : seen.book).set(job.caseId, seenAt);
          (isCheck ? sent.check : sentMore.book).set(job.caseId, Date.now());
          pending.push(
            timed(requests.completeJob, () =>
              this.worker.expect(
                'POST',
                `/api/jobs/${job.id}/complete`,
                JSON.stringify({ workerId: 'bench' }),
                [200],
              ),
            ),
          );
        }
      }
    })();

    // The inbox waits on the server: a 304 is "nothing new" (ask again at once), a 200 a changed page.
    const inbox = (async () => {
      let etag: string | undefined;
      while (!finished) {
        const answer = await this.starter.changed<{ items: Task[] }>(
          `/api/tasks?scope=mine&processKey=${benchProcessKey}&limit=200`,
          etag,
          inboxWaitSeconds,
        );
        if (!answer) continue;
        etag = answer.etag;
        const { items } = answer.body;
        const seenAt = Date.now();
        const fresh = items.filter((task) => !seenTasks.has(task.id));
        for (const task of fresh) {
          seenTasks.add(task.id);
          seen.task.set(task.caseId, seenAt);
          sentMore.task.set(task.caseId, Date.now());
          pending.push(
            timed(requests.completeTask, () =>
              this.starter.expect(
                'POST',
                `/api/tasks/${task.id}/complete`,
                JSON.stringify({ variables: { approved: true } }),
                [200],
              ),
            ),
          );
        }
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
        const found = await this.admin.expect<CaseView>('GET', `/api/cases/${id}`, undefined, [200]);
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

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startAzurite, type RunningAzurite } from '../../local/emulators/azurite.js';
import { makeTempDir } from '../support/temp-dir.js';
import { finished, startDurableFixture, type DurableFixture } from './durable-fixture.js';

describe('local Durable Functions backend', () => {
  const dataDir = makeTempDir('durable');
  let azurite: RunningAzurite;
  let fixture: DurableFixture;

  before(async () => {
    azurite = await startAzurite({ dataDir: dataDir.path });
    fixture = await startDurableFixture(azurite.connectionString);
  });
  after(async () => {
    await fixture?.stop();
    await azurite?.stop();
    dataDir.remove();
  });

  async function run(name: string, input: unknown, id?: string) {
    const started = await fixture.client({ op: 'start', name, input, ...(id ? { id } : {}) });
    assert.equal(started.status, 200, JSON.stringify(started.body));
    const instanceId = (started.body as { id: string }).id;
    return fixture.waitFor(instanceId, finished);
  }

  it('runs a sequence of activities and returns their outputs', async () => {
    const status = await run('sequence', ['Tokyo', 'Seattle', 'London']);
    assert.equal(status.runtimeStatus, 'Completed');
    assert.deepEqual(status.output, ['Hello Tokyo', 'Hello Seattle', 'Hello London']);
    assert.deepEqual(status.input, ['Tokyo', 'Seattle', 'London']);
  });

  it('fans out to parallel activities and fans in their results', async () => {
    const status = await run('fanOut', 5);
    assert.equal(status.output, 2 * (1 + 2 + 3 + 4 + 5));
  });

  it('waits on a durable timer, then continues, with custom status', async () => {
    const status = await run('timerThenHello', { name: 'Oslo', delayMs: 1000 });
    assert.equal(status.output, 'Hello Oslo');
    assert.deepEqual(status.customStatus, { stage: 'after-timer' });
  });

  it('waits for an external event raised through the client, and has run the step it fed by the answer', async () => {
    const id = 'approval-1';
    await fixture.client({ op: 'start', name: 'approval', id });
    await fixture.waitFor(id, (status) => status.runtimeStatus === 'Running');
    assert.equal(
      (await fixture.client({ op: 'raise', id, event: 'decision', data: { approved: true } })).status,
      202,
    );
    // The event is written with the step it feeds: once the raise is answered, that step has run.
    const status = await fixture.status(id);
    assert.equal(status.runtimeStatus, 'Completed');
    assert.equal(status.output, 'approved');
  });

  it('buffers an event raised before the orchestrator waits for it', async () => {
    const id = 'approval-early';
    await fixture.client({ op: 'start', name: 'approval', id });
    await fixture.client({ op: 'raise', id, event: 'decision', data: { approved: false } });
    assert.equal((await fixture.waitFor(id, finished)).output, 'rejected');
  });

  it('retries a failing activity with its retry options until it succeeds', async () => {
    const status = await run('withRetry', { key: 'retry-ok', succeedOnAttempt: 3, maxAttempts: 4 });
    assert.equal(status.runtimeStatus, 'Completed');
    assert.equal(status.output, 'succeeded on attempt 3');
  });

  it('fails the orchestration once the retries are used up, with the activity error', async () => {
    const status = await run('withRetry', { key: 'retry-fail', succeedOnAttempt: 99, maxAttempts: 3 });
    assert.equal(status.runtimeStatus, 'Failed');
    assert.match(String(status.output), /Orchestrator function 'withRetry' failed: .*attempt 3 failed/s);
  });

  it('fails the orchestration with the error its code threw', async () => {
    const status = await run('failing', null);
    assert.equal(status.runtimeStatus, 'Failed');
    assert.match(String(status.output), /^Orchestrator function 'failing' failed: boom in orchestrator/);
  });

  it('calls an activity without input, which then receives none', async () => {
    assert.equal((await run('withoutInput', null)).output, 'input is undefined');
  });

  it('shows the history on request, scheduling merged into completions', async () => {
    await run('sequence', ['History'], 'with-history');
    const response = await fetch(
      `${fixture.host.url}/runtime/webhooks/durabletask/instances/with-history?showHistory=true&showHistoryOutput=true`,
    );
    const body = (await response.json()) as { historyEvents: Record<string, unknown>[] };
    const types = body.historyEvents.map((event) => event['EventType']);
    assert.deepEqual(types, ['ExecutionStarted', 'TaskCompleted', 'ExecutionCompleted']);
    assert.equal(body.historyEvents[0]?.['FunctionName'], 'sequence');
    assert.equal(body.historyEvents[1]?.['FunctionName'], 'sayHello');
    assert.equal(body.historyEvents[1]?.['Result'], '"Hello History"');
  });

  it('runs sub-orchestrations, with a derived or a given instance id, and surfaces their failure', async () => {
    const status = await run('parentOrch', null, 'parent-1');
    assert.equal(status.runtimeStatus, 'Completed');
    const output = status.output as { first: string[]; second: string[]; failure: string };
    assert.deepEqual(output.first, ['Hello Child']);
    assert.deepEqual(output.second, ['Hello Named']);
    assert.match(output.failure, /Orchestrator function 'failing' failed: boom in orchestrator/);
    const child = await fixture.status('parent-1-child');
    assert.equal(child.runtimeStatus, 'Completed');
  });

  it('terminates a running instance; a second terminate is accepted as a no-op', async () => {
    const id = 'to-terminate';
    await fixture.client({ op: 'start', name: 'approval', id });
    await fixture.waitFor(id, (status) => status.runtimeStatus === 'Running');
    assert.equal((await fixture.client({ op: 'terminate', id, reason: 'no longer needed' })).status, 202);
    const status = await fixture.waitFor(id, finished);
    assert.equal(status.runtimeStatus, 'Terminated');
    assert.equal(status.output, 'no longer needed');
    assert.equal((await fixture.client({ op: 'terminate', id })).status, 202);
    await fixture.client({ op: 'raise', id, event: 'decision', data: { approved: true } });
    assert.equal((await fixture.status(id)).runtimeStatus, 'Terminated');
  });

  it('holds events while suspended and processes them on resume', async () => {
    const id = 'to-suspend';
    await fixture.client({ op: 'start', name: 'approval', id });
    await fixture.waitFor(id, (status) => status.runtimeStatus === 'Running');
    await fixture.client({ op: 'suspend', id, reason: 'hold' });
    await fixture.client({ op: 'raise', id, event: 'decision', data: { approved: true } });
    assert.equal((await fixture.status(id)).runtimeStatus, 'Suspended');
    await fixture.client({ op: 'resume', id, reason: 'go' });
    const status = await fixture.waitFor(id, finished);
    assert.equal(status.output, 'approved');
  });

  it('does not overwrite a running instance when started again with its id', async () => {
    const id = 'dedupe-1';
    await fixture.client({ op: 'start', name: 'approval', id });
    const second = await fixture.client({ op: 'start', name: 'sequence', id, input: ['x'] });
    assert.equal(second.status, 409);
    const status = await fixture.status(id);
    assert.equal((status as unknown as { name: string }).name, 'approval');
    await fixture.client({ op: 'raise', id, event: 'decision', data: { approved: true } });
    assert.equal((await fixture.waitFor(id, finished)).output, 'approved');
  });

  it('starts a finished instance id again as a new instance', async () => {
    await run('sequence', ['first'], 'reused-id');
    const status = await run('sequence', ['second'], 'reused-id');
    assert.deepEqual(status.output, ['Hello second']);
  });

  it('continues as new with the new input until done', async () => {
    const status = await run('countUp', { count: 0, until: 3 });
    assert.equal(status.output, 'counted to 3');
  });

  it('lists instances by status through the client', async () => {
    await run('sequence', ['listed'], 'listed-1');
    const waiting = 'listed-running';
    await fixture.client({ op: 'start', name: 'approval', id: waiting });
    await fixture.waitFor(waiting, (status) => status.runtimeStatus === 'Running');
    const running = (await fixture.client({ op: 'list', runtimeStatus: ['Running'] })).body as string[];
    assert.ok(running.includes(waiting));
    assert.ok(!running.includes('listed-1'));
    const completed = (await fixture.client({ op: 'list', runtimeStatus: ['Completed'] })).body as string[];
    assert.ok(completed.includes('listed-1'));
  });

  it('pages a query with continuation tokens', async () => {
    for (const id of ['page-a', 'page-b', 'page-c']) await run('sequence', [id], id);
    const seen: string[] = [];
    let token: string | null = null;
    let pages = 0;
    do {
      const response: Response = await fetch(
        `${fixture.host.url}/runtime/webhooks/durabletask/instances/?instanceIdPrefix=page-&top=2`,
        { headers: token ? { 'x-ms-continuation-token': token } : {} },
      );
      assert.equal(response.status, 200);
      for (const status of (await response.json()) as { instanceId: string }[]) seen.push(status.instanceId);
      token = response.headers.get('x-ms-continuation-token');
      pages += 1;
    } while (token);
    assert.deepEqual(seen.sort(), ['page-a', 'page-b', 'page-c']);
    assert.equal(pages, 2);
  });

  it('purges a finished instance and forgets it', async () => {
    await run('sequence', ['gone'], 'to-purge');
    const purged = await fixture.client({ op: 'purge', id: 'to-purge' });
    assert.deepEqual(purged.body, { instancesDeleted: 1 });
    const status = await fetch(`${fixture.host.url}/runtime/webhooks/durabletask/instances/to-purge`);
    assert.equal(status.status, 404);
    assert.deepEqual((await fixture.client({ op: 'purge', id: 'to-purge' })).body, { instancesDeleted: 0 });
  });

  it("builds the client's check-status response with links that answer", async () => {
    await run('sequence', ['check'], 'check-1');
    const response = await fixture.client({ op: 'checkStatus', id: 'check-1' });
    assert.equal(response.status, 202);
    const links = response.body as Record<string, string>;
    assert.equal(links['id'], 'check-1');
    const status = await fetch(links['statusQueryGetUri']!);
    assert.equal(status.status, 200);
    assert.equal(((await status.json()) as { runtimeStatus: string }).runtimeStatus, 'Completed');
  });

  it('answers start with check-status links on the host port', async () => {
    const response = await fetch(
      `${fixture.host.url}/runtime/webhooks/durabletask/orchestrators/sequence/links-1`,
      {
        method: 'POST',
        body: JSON.stringify(['links']),
      },
    );
    assert.equal(response.status, 202);
    const body = (await response.json()) as Record<string, string>;
    assert.equal(body['id'], 'links-1');
    assert.equal(response.headers.get('location'), body['statusQueryGetUri']);
    const status = await fetch(body['statusQueryGetUri']!);
    assert.ok(status.status === 200 || status.status === 202);
    const unknown = await fetch(`${fixture.host.url}/runtime/webhooks/durabletask/orchestrators/noSuchOrch`, {
      method: 'POST',
    });
    assert.equal(unknown.status, 400);
  });

  it('purges finished instances by filter, and leaves running ones', async () => {
    const since = new Date().toISOString();
    await run('sequence', ['purge-by'], 'purge-by-done');
    await fixture.client({ op: 'start', name: 'approval', id: 'purge-by-running' });
    await fixture.waitFor('purge-by-running', (status) => status.runtimeStatus === 'Running');
    const result = await fixture.client({
      op: 'purgeBy',
      createdTimeFrom: since,
      runtimeStatus: ['Completed'],
    });
    assert.deepEqual(result.body, { instancesDeleted: 1 });
    const gone = await fetch(`${fixture.host.url}/runtime/webhooks/durabletask/instances/purge-by-done`);
    assert.equal(gone.status, 404);
    assert.equal((await fixture.status('purge-by-running')).runtimeStatus, 'Running');
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConcurrencyLimit } from '../../local/durable/concurrency-limit.js';
import { EventType, historyEvent } from '../../local/durable/history-events.js';
import type { InstanceDocument } from '../../local/durable/instance-document.js';
import { armLongTimer, maxTimerStepMs, nextTimerStep } from '../../local/durable/long-timer.js';
import { completeStep, newInstanceDocument, prepareStep } from '../../local/durable/orchestration-step.js';
import type { OrchestratorState } from '../../local/durable/orchestrator-state.js';

const t0 = new Date('2026-01-01T00:00:00Z');
const retryAction = {
  actionType: 1,
  functionName: 'flaky',
  input: '"x"',
  retryOptions: { firstRetryIntervalInMilliseconds: 1000, maxNumberOfAttempts: 2, backoffCoefficient: 2 },
};
const running: OrchestratorState = { isDone: false, actions: [[retryAction]] };

/** What the backend does when an activity or timer completes: the work item leaves, the event enters the inbox. */
function deliver(document: InstanceDocument, type: number, fields: Record<string, unknown>): void {
  document.activities = document.activities.filter((item) => item.taskId !== fields['TaskScheduledId']);
  document.timers = document.timers.filter((item) => item.timerId !== fields['TimerId']);
  document.inbox.push(historyEvent(type, t0, fields));
}

function step(document: InstanceDocument, state: OrchestratorState, at = t0): InstanceDocument {
  return completeStep(prepareStep(document, at), { kind: 'state', state }, at);
}

describe('local Durable orchestration steps', () => {
  it('allocates retry timers and re-attempts the sequence numbers the SDK expects', () => {
    let document = step(newInstanceDocument('i', 'orch', null, t0), running);
    assert.deepEqual(
      document.activities.map((activity) => activity.taskId),
      [0],
    );
    deliver(document, EventType.TaskFailed, { TaskScheduledId: 0, Reason: 'boom' });
    document = step(document, running);
    assert.deepEqual(document.timers, [{ timerId: 1, fireAt: '2026-01-01T00:00:01.000Z' }]);
    deliver(document, EventType.TimerFired, { TimerId: 1 });
    document = step(document, running);
    assert.deepEqual(
      document.activities.map((activity) => activity.taskId),
      [2],
    );
    deliver(document, EventType.TaskFailed, { TaskScheduledId: 2, Reason: 'boom' });
    document = step(document, running);
    // The second failure waits twice as long (backoff 2), and a timer follows even the last attempt.
    assert.deepEqual(document.timers, [{ timerId: 3, fireAt: '2026-01-01T00:00:02.000Z' }]);
    deliver(document, EventType.TimerFired, { TimerId: 3 });
    document = step(document, running);
    assert.deepEqual(document.activities, []);
    assert.deepEqual(document.retries, []);
    assert.equal(document.nextId, 4);
  });

  it('fails an orchestration whose replay yields a different action', () => {
    const document = step(newInstanceDocument('i', 'orch', null, t0), running);
    document.inbox.push(historyEvent(EventType.EventRaised, t0, { Name: 'e', Input: 'null' }));
    const changed: OrchestratorState = {
      isDone: false,
      actions: [[{ actionType: 0, functionName: 'other' }]],
    };
    const failed = step(document, changed);
    assert.equal(failed.runtimeStatus, 'Failed');
    assert.match(String(failed.output), /Non-deterministic/);
  });

  it('re-arms far timers in steps that setTimeout can hold', () => {
    const now = t0.getTime();
    const sixtyDays = 60 * 24 * 60 * 60 * 1000;
    assert.equal(nextTimerStep(now + sixtyDays, now), maxTimerStepMs);
    assert.ok(maxTimerStepMs < 2 ** 31 - 1);
    assert.equal(nextTimerStep(now + 500, now), 500);
    assert.equal(nextTimerStep(now - 1, now), undefined);
  });
});

describe('local Durable long timers', () => {
  it('fires a timer 40 days away at its time, not when setTimeout would overflow', (context) => {
    context.mock.timers.enable({ apis: ['setTimeout'] });
    let clock = t0.getTime();
    const day = 24 * 60 * 60 * 1000;
    let fired = false;
    armLongTimer(
      new Date(clock + 40 * day),
      () => (fired = true),
      () => clock,
    );
    const advance = (ms: number) => {
      // Moves the fake clock in small steps, as time passes, running each due setTimeout on the way.
      for (let moved = 0; moved < ms; moved += 60 * 60 * 1000) {
        clock += 60 * 60 * 1000;
        context.mock.timers.tick(60 * 60 * 1000);
      }
    };
    advance(39 * day);
    assert.equal(fired, false);
    advance(1 * day + 60 * 60 * 1000);
    assert.equal(fired, true);
  });
});

describe('local Durable concurrency limits', () => {
  it('runs at most the limit at once and everything eventually', async () => {
    const limit = new ConcurrencyLimit(2);
    let running = 0;
    let most = 0;
    const results = await Promise.all(
      [1, 2, 3, 4, 5].map((value) =>
        limit.run(async () => {
          running += 1;
          most = Math.max(most, running);
          await new Promise((resolve) => setImmediate(resolve));
          running -= 1;
          return value * 10;
        }),
      ),
    );
    assert.deepEqual(results, [10, 20, 30, 40, 50]);
    assert.equal(most, 2);
  });
});

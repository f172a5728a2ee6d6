import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CaseInbox } from '../../shared/cases/case-inbox.js';
import type { CommandContext } from '../../shared/cases/command-performer.js';
import { CaseflowError } from '../../shared/errors/caseflow-error.js';
import { fireTimer } from '../../shared/timers/fire-timer.js';
import {
  timerInstanceId,
  timerPerformer,
  type TimerInput,
  type TimerOrchestrations,
} from '../../shared/timers/timer-performer.js';
import { RecordingInbox } from '../support/recording-inbox.js';

class FakeOrchestrations implements TimerOrchestrations {
  readonly running = new Map<string, TimerInput>();
  readonly terminated: string[] = [];
  async startIfAbsent(instanceId: string, input: TimerInput) {
    if (!this.running.has(instanceId)) this.running.set(instanceId, input);
  }
  async terminate(instanceId: string) {
    this.terminated.push(instanceId);
    this.running.delete(instanceId);
  }
}

const context = (caseId: string, tenantId = 'contoso'): CommandContext => ({
  tenantId,
  caseId,
  processKey: 'p',
  definitionId: 'p:1',
  commandId: 'c',
  now: '2030-01-01T00:00:00.000Z',
});

describe('timers', () => {
  it('starts one orchestration per tenant, case and timer however often the command is performed', async () => {
    const orchestrations = new FakeOrchestrations();
    const performer = timerPerformer(orchestrations);
    const command = {
      kind: 'startTimer',
      timer: 'timer5',
      element: 'wait',
      due: '2030-01-01T00:01:00Z',
    } as const;
    await performer.perform(command, context('case-1'));
    await performer.perform(command, context('case-1'));
    await performer.perform(command, context('case-2'));
    await performer.perform(command, context('case-1', 'fabrikam'));
    assert.equal(orchestrations.running.size, 3);
    assert.deepEqual(orchestrations.running.get(timerInstanceId('contoso', 'case-1', 'timer5')), {
      tenantId: 'contoso',
      caseId: 'case-1',
      timer: 'timer5',
      due: '2030-01-01T00:01:00Z',
    });
  });

  it('terminates the orchestration of a cancelled timer by its derived id', async () => {
    const orchestrations = new FakeOrchestrations();
    const performer = timerPerformer(orchestrations);
    await performer.perform(
      { kind: 'startTimer', timer: 't1', element: 'w', due: '2030-01-02T00:00:00Z' },
      context('c'),
    );
    await performer.perform({ kind: 'cancelTimer', timer: 't1' }, context('c'));
    assert.deepEqual(orchestrations.terminated, [timerInstanceId('contoso', 'c', 't1')]);
    assert.equal(orchestrations.running.size, 0);
  });

  it('delivers timerFired once under the timer key, and drops a firing for a closed case', async () => {
    const inbox = new RecordingInbox();
    const input = { tenantId: 'contoso', caseId: 'c', timer: 't9', due: '2030-01-01T00:00:00Z' };
    assert.equal(await fireTimer(input, inbox), 'delivered');
    await fireTimer(input, inbox);
    assert.deepEqual(inbox.deliveries, [
      {
        ref: { tenantId: 'contoso', caseId: 'c' },
        event: { type: 'timerFired', timer: 't9' },
        options: { idempotencyKey: 'timer:t9:fired', actor: 'system:timer' },
      },
    ]);
    const closed: CaseInbox = {
      deliver: async () => {
        throw new CaseflowError('cases.closed', 'closed');
      },
    };
    assert.equal(await fireTimer(input, closed), 'case-gone');
  });
});

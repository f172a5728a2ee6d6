/**
 * The `startTimer` / `cancelTimer` performer. Each timer occurrence is its own small orchestration with an
 * instance id derived from the tenant, the case and the engine's timer id: starting it again finds it (no
 * second timer), and cancelling terminates it (an instance that already finished or never started is fine).
 */
import { createHash } from 'node:crypto';
import type { CommandContext, CommandPerformer } from '../cases/command-performer.js';
import type { EngineCommand } from '../engine/index.js';

/** What a timer orchestration needs to fire: the case and the engine's timer id, and when. */
export interface TimerInput {
  readonly tenantId: string;
  readonly caseId: string;
  readonly timer: string;
  /** ISO 8601. */
  readonly due: string;
}

/** Starts and terminates timer orchestrations (Durable Functions in the app, a fake in tests). */
export interface TimerOrchestrations {
  /** Starts the instance unless one with this id exists, in any state. */
  startIfAbsent(instanceId: string, input: TimerInput): Promise<void>;
  /** Terminates the instance; one that finished or does not exist is left as it is. */
  terminate(instanceId: string, reason: string): Promise<void>;
}

export function timerInstanceId(tenantId: string, caseId: string, timer: string): string {
  const hash = createHash('sha256').update(`${tenantId}\n${caseId}\n${timer}`).digest('hex').slice(0, 32);
  return `timer-${hash}`;
}

/** The inbox idempotency key of a timer's firing. */
export function timerFiredKey(timer: string): string {
  return `timer:${timer}:fired`;
}

export function timerPerformer(timers: TimerOrchestrations): CommandPerformer {
  return {
    handles: new Set(['startTimer', 'cancelTimer']),
    async perform(command: EngineCommand, context: CommandContext) {
      if (command.kind === 'startTimer') {
        const { tenantId, caseId } = context;
        await timers.startIfAbsent(timerInstanceId(tenantId, caseId, command.timer), {
          tenantId,
          caseId,
          timer: command.timer,
          due: command.due,
        });
      } else if (command.kind === 'cancelTimer') {
        const instanceId = timerInstanceId(context.tenantId, context.caseId, command.timer);
        await timers.terminate(instanceId, 'The engine cancelled the timer.');
      }
    },
  };
}

/** `TimerOrchestrations` over a Durable Functions client (the caller's durableClient input). */
import type { DurableClient } from 'durable-functions';
import type { TimerInput, TimerOrchestrations } from '../../shared/timers/timer-performer.js';

/** The orchestration name of one timer occurrence (`case-timer.ts`). */
export const caseTimerOrchestration = 'caseTimer';

export class DurableTimerOrchestrations implements TimerOrchestrations {
  constructor(private readonly client: DurableClient) {}

  async startIfAbsent(instanceId: string, input: TimerInput): Promise<void> {
    // startNew on an existing id would restart it: look first (the client reports a missing one as HTTP 404).
    const existing = await this.client.getStatus(instanceId).catch((error: Error) => {
      if (/HTTP 404/.test(error.message)) return undefined;
      throw error;
    });
    if (existing) return;
    await this.client.startNew(caseTimerOrchestration, { instanceId, input });
  }

  async terminate(instanceId: string, reason: string): Promise<void> {
    // A finished instance answers 410 (success to the client); an unknown one rejects with "No instance".
    await this.client.terminate(instanceId, reason).catch((error: Error) => {
      if (!/^No instance with ID/.test(error.message)) throw error;
    });
  }
}

/**
 * The doorbell over the Durable client: raise the data-less event on the case's orchestration, or start
 * the orchestration when it does not exist yet (a first start, or a starter that crashed before starting it).
 * A case's first ring starts the orchestration straight away (one request instead of a refused raise and a
 * start); the Durable API refuses to start an instance that is running, which is then rung.
 */
import type { DurableClient } from 'durable-functions';
import type { CaseRef } from '../../shared/cases/case-inbox.js';
import { caseInstanceId, doorbellEventName, type Doorbell } from '../../shared/cases/doorbell.js';

export const caseOrchestrationName = 'caseOrchestration';

export class DurableDoorbell implements Doorbell {
  constructor(private readonly client: DurableClient) {}

  async ring(ref: CaseRef, options?: { readonly firstRing?: boolean }): Promise<void> {
    const instanceId = caseInstanceId(ref);
    if (options?.firstRing) return this.start(instanceId, ref);
    try {
      // A finished orchestration answers 410, which the client treats as delivered: a closed case needs no ring.
      await this.client.raiseEvent(instanceId, doorbellEventName, null);
      return;
    } catch (error) {
      if (!/No instance with ID/.test((error as Error).message)) throw error;
    }
    await this.start(instanceId, ref);
  }

  private async start(instanceId: string, ref: CaseRef): Promise<void> {
    try {
      await this.client.startNew(caseOrchestrationName, { instanceId, input: ref });
    } catch (error) {
      // Started by a concurrent ring meanwhile: ring that one.
      await this.client.raiseEvent(instanceId, doorbellEventName, null).catch(() => {
        throw error;
      });
    }
  }
}

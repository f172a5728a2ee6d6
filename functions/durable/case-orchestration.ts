/**
 * One orchestration per case (docs/architecture.md): a stable loop that holds no BPMN logic. Each round
 * runs `advanceCase` (with retries), then waits for the doorbell; after `roundsPerExecution` rounds it
 * continues as new so the history stays small (a doorbell dropped by the restart is harmless: every
 * execution starts with `advanceCase`). When `advanceCase` keeps failing, the case is marked stuck, gets
 * a `stuck` incident (retried by an admin through the incidents API, which rings) and waits for a doorbell,
 * which retries it; advancing again resolves the incident.
 */
import * as df from 'durable-functions';
import type { OrchestrationContext } from 'durable-functions';
import { advanceCase } from '../../shared/cases/advance-case.js';
import type { CaseRef } from '../../shared/cases/case-inbox.js';
import { doorbellEventName } from '../../shared/cases/doorbell.js';
import { readSetting } from '../../shared/config/registry.js';
import { CaseflowError } from '../../shared/errors/caseflow-error.js';
import { caseRuntime, caseStores } from '../cases/case-runtime.js';
import { caseOrchestrationName } from './durable-doorbell.js';
import { unstored } from '../../shared/storage/stored-document.js';
import { openStuckIncident, resolveStuckIncident } from '../../shared/incidents/stuck-case-incident.js';
import { incidentRepository } from '../message-services.js';
import { durableClientOf } from './durable-client.js';

const roundsPerExecution = 20;
/**
 * No retry timeout: durable-functions JS would wait forever for the skipped final timer (protocol note). The
 * setting is read once per worker, the same for every replay.
 */
const advanceRetry = new df.RetryOptions(readSetting('caseAdvanceRetryMs'), 4);
advanceRetry.backoffCoefficient = 2;

df.app.orchestration(caseOrchestrationName, function* (context: OrchestrationContext) {
  const ref = context.df.getInput() as CaseRef;
  for (let round = 0; round < roundsPerExecution; round++) {
    try {
      const result = (yield context.df.callActivityWithRetry('advanceCase', advanceRetry, ref)) as {
        closed: boolean;
      };
      if (result.closed) return { closed: true };
    } catch (error) {
      yield context.df.callActivity('markCaseStuck', { ref, message: (error as Error).message });
    }
    yield context.df.waitForExternalEvent(doorbellEventName);
  }
  context.df.continueAsNew(ref);
  return undefined;
});

df.app.activity('advanceCase', {
  extraInputs: [df.input.durableClient()],
  handler: async (ref: CaseRef, context) => {
    const runtime = caseRuntime(durableClientOf(context));
    try {
      const result = await advanceCase(ref, {
        store: runtime.stores(ref.tenantId),
        graph: (id) => runtime.definitions(ref.tenantId).graph(id),
        performers: runtime.performers,
        inbox: runtime.inbox,
      });
      if (result.unstuck) {
        await resolveStuckIncident(incidentRepository(ref.tenantId), ref.caseId, new Date().toISOString());
      }
      return result;
    } catch (error) {
      // The code travels in the message: the orchestrator only sees the activity's failure text.
      if (error instanceof CaseflowError)
        throw new Error(`${error.code}: ${error.message}`, { cause: error });
      throw error;
    }
  },
});

df.app.activity('markCaseStuck', {
  handler: async (input: { ref: CaseRef; message: string }) => {
    const store = caseStores(input.ref.tenantId);
    const code = /\b([a-z]+\.[a-z-]+): /.exec(input.message)?.[1] ?? 'cases.advance-failed';
    const at = new Date().toISOString();
    for (let attempt = 0; attempt < 3; attempt++) {
      const stored = await store.requireCase(input.ref.caseId);
      try {
        await store.replaceCase(
          { ...unstored(stored), stuck: { code, message: input.message, at } },
          stored._etag,
        );
        await openStuckIncident(incidentRepository(input.ref.tenantId), {
          caseId: stored.id,
          processKey: stored.processKey,
          code,
          message: input.message,
          at,
        });
        return;
      } catch (error) {
        if (!(error instanceof CaseflowError) || error.code !== 'storage.etag-mismatch') throw error;
      }
    }
  },
});

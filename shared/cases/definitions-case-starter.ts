/**
 * The `CaseStarter` of the execution core: a published message or broadcast signal starts one case of every
 * startable process whose compiled graph has a top-level start event for it, at that start event. The case
 * id is derived from the trigger's idempotency key and the process key, so a repeated publication (or a
 * retried performer) finds the case the first one started instead of starting a second.
 */
import { createHash } from 'node:crypto';
import { messageStartEvent, signalStartEvents } from '../runner/start-events.js';
import type { CaseStarter, StartByTriggerOptions, StartedCase, StartTrigger } from './case-starter.js';
import type { CaseStartService } from './case-start-service.js';
import type { ProcessDefinitions } from './process-definitions.js';

export class DefinitionsCaseStarter implements CaseStarter {
  constructor(
    private readonly definitions: (tenantId: string) => ProcessDefinitions,
    private readonly starts: CaseStartService,
  ) {}

  async startCasesFor(
    tenantId: string,
    trigger: StartTrigger,
    options: StartByTriggerOptions,
  ): Promise<readonly StartedCase[]> {
    const definitions = this.definitions(tenantId);
    const started: StartedCase[] = [];
    for (const definition of await definitions.allStartable()) {
      const graph = await definitions.graph(definition.id);
      const startEvent =
        trigger.kind === 'message'
          ? messageStartEvent(graph, trigger.name)
          : signalStartEvents(graph, trigger.name)[0];
      if (startEvent === undefined) continue;
      const { case: found } = await this.starts.start({
        tenantId,
        processKey: definition.processKey,
        variables: options.variables,
        startedBy: options.actor,
        caseId: triggeredCaseId(definition.processKey, options.idempotencyKey),
        startEvent,
      });
      started.push({ caseId: found.id, processKey: definition.processKey, startEvent });
    }
    return started;
  }
}

/** One case per process and trigger key. */
export function triggeredCaseId(processKey: string, idempotencyKey: string): string {
  return `trg-${createHash('sha256').update(`${processKey}\n${idempotencyKey}`).digest('hex').slice(0, 40)}`;
}

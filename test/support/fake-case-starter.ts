/** A `CaseStarter` that records its calls and "starts" one case per configured process for a trigger. */
import type {
  CaseStarter,
  StartByTriggerOptions,
  StartedCase,
  StartTrigger,
} from '../../shared/cases/case-starter.js';

export class FakeCaseStarter implements CaseStarter {
  readonly calls: { tenantId: string; trigger: StartTrigger; options: StartByTriggerOptions }[] = [];
  /** `<kind>:<name>` -> the process keys that start with it. */
  readonly processes = new Map<string, string[]>();

  async startCasesFor(tenantId: string, trigger: StartTrigger, options: StartByTriggerOptions) {
    this.calls.push({ tenantId, trigger, options });
    const keys = this.processes.get(`${trigger.kind}:${trigger.name}`) ?? [];
    return keys.map((processKey): StartedCase => ({
      caseId: `${processKey}-${options.idempotencyKey}`,
      processKey,
      startEvent: `${trigger.kind}Start`,
    }));
  }
}

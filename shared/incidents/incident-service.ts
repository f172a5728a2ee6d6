/**
 * What admins do with incidents: list them (by state, case, process; oldest first, paged) and retry one,
 * optionally with changed variables. Retrying delivers `incidentResolved` to the case; the engine retries the
 * failed step (for a job: a new job with the model's retries) and answers with `resolveIncident`, which marks
 * the document resolved. A second retry before that is the same delivery (one idempotency key per incident).
 * A stuck case's incident (`kind: 'stuck'`) is not the engine's: retrying it marks it resolved and rings the
 * case's doorbell, on which the waiting orchestration runs `advanceCase` again (failing again re-opens it).
 */
import type { CaseInbox } from '../cases/case-inbox.js';
import type { Doorbell } from '../cases/doorbell.js';
import type { Variables } from '../engine/index.js';
import { CaseflowError } from '../errors/caseflow-error.js';
import { validationFailed } from '../http/body.js';
import type { Page, Stored, TenantRepository } from '../storage/tenant-repository.js';
import { updateWithEtag } from '../storage/update-with-etag.js';
import type { IncidentDocument, IncidentState } from './incident-document.js';

export interface IncidentFilter {
  readonly state?: IncidentState;
  readonly caseId?: string;
  readonly processKey?: string;
  readonly limit: number;
  readonly continuationToken?: string;
}

export class IncidentService {
  constructor(
    private readonly incidents: TenantRepository<IncidentDocument>,
    private readonly inbox: CaseInbox,
    private readonly doorbell: Doorbell,
  ) {}

  list(filter: IncidentFilter): Promise<Page<Stored<IncidentDocument>>> {
    const conditions: string[] = [];
    const parameters = [];
    for (const [field, value] of [
      ['state', filter.state],
      ['caseId', filter.caseId],
      ['processKey', filter.processKey],
    ] as const) {
      if (value === undefined) continue;
      conditions.push(`c.${field} = @${field}`);
      parameters.push({ name: `@${field}`, value });
    }
    return this.incidents.query({
      ...(conditions.length > 0 ? { where: conditions.join(' AND ') } : {}),
      parameters,
      orderBy: 'c.createdAt',
      maxItemCount: filter.limit,
      ...(filter.continuationToken !== undefined ? { continuationToken: filter.continuationToken } : {}),
    });
  }

  /** Asks the case to retry the failed step; `variables` are set first (resolving with changed data). */
  async retry(id: string, variables: Variables, actor: string): Promise<Stored<IncidentDocument>> {
    const incident = await this.incidents.read(id);
    if (!incident) throw new CaseflowError('incidents.not-found', `Incident ${id} does not exist.`, { id });
    if (incident.state !== 'open') {
      throw new CaseflowError('incidents.resolved', `Incident ${id} is already resolved.`, { id });
    }
    const ref = { tenantId: this.incidents.tenantId, caseId: incident.caseId };
    if (incident.kind === 'stuck') {
      if (Object.keys(variables).length > 0) {
        throw validationFailed([
          { field: 'variables', message: "a stuck case's incident takes none: set them on the case first" },
        ]);
      }
      return this.retryStuckCase(incident, ref);
    }
    await this.inbox.deliver(
      ref,
      {
        type: 'incidentResolved',
        incident: incident.incident,
        ...(Object.keys(variables).length > 0 ? { variables } : {}),
      },
      { idempotencyKey: `incident:${incident.incident}:resolved`, actor },
    );
    return incident;
  }

  private async retryStuckCase(
    incident: Stored<IncidentDocument>,
    ref: { tenantId: string; caseId: string },
  ): Promise<Stored<IncidentDocument>> {
    const resolvedAt = new Date().toISOString();
    const resolved = await updateWithEtag(this.incidents, incident.id, (current) =>
      current.state === 'open' ? { ...current, state: 'resolved' as const, resolvedAt } : undefined,
    );
    await this.doorbell.ring(ref);
    return resolved ?? incident;
  }
}

/**
 * A case whose `advanceCase` failed after its retries is stuck (docs/architecture.md): besides the `stuck`
 * mark on the case, it gets one incident of kind `stuck` (one id per case), which admins see and retry with
 * the other incidents. Stuck again after a retry re-opens it; advancing again resolves it.
 */
import type { Stored, TenantRepository } from '../storage/tenant-repository.js';
import { updateWithEtag } from '../storage/update-with-etag.js';
import { incidentIdFor, type IncidentDocument } from './incident-document.js';

export interface StuckCase {
  readonly caseId: string;
  readonly processKey: string;
  readonly code: string;
  readonly message: string;
  readonly at: string;
}

export const stuckIncident = 'stuck';

export async function openStuckIncident(
  incidents: TenantRepository<IncidentDocument>,
  stuck: StuckCase,
): Promise<Stored<IncidentDocument>> {
  const id = incidentIdFor(incidents.tenantId, stuck.caseId, stuckIncident);
  const opened = {
    id,
    kind: 'stuck' as const,
    caseId: stuck.caseId,
    processKey: stuck.processKey,
    incident: stuckIncident,
    element: stuck.processKey,
    code: stuck.code,
    message: stuck.message,
    state: 'open' as const,
    createdAt: stuck.at,
  };
  const { document, created } = await incidents.createIfAbsent(opened);
  if (created) return document;
  return (
    (await updateWithEtag(incidents, id, (current) => (current.state === 'open' ? undefined : opened))) ??
    document
  );
}

/** The case advanced again: its stuck incident, if open, is resolved. */
export async function resolveStuckIncident(
  incidents: TenantRepository<IncidentDocument>,
  caseId: string,
  at: string,
): Promise<void> {
  await updateWithEtag(incidents, incidentIdFor(incidents.tenantId, caseId, stuckIncident), (current) =>
    current.state === 'open' ? { ...current, state: 'resolved' as const, resolvedAt: at } : undefined,
  );
}

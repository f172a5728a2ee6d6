/**
 * The `raiseIncident` / `resolveIncident` performer: raising creates the incident document if absent;
 * resolving (the engine applied `incidentResolved`, retrying the failed step) marks it resolved.
 */
import type { CommandContext, CommandPerformer } from '../cases/command-performer.js';
import type { EngineCommand } from '../engine/index.js';
import type { TenantRepository } from '../storage/tenant-repository.js';
import { updateWithEtag } from '../storage/update-with-etag.js';
import { incidentIdFor, type IncidentDocument } from './incident-document.js';

export function incidentPerformer(
  incidents: (tenantId: string) => TenantRepository<IncidentDocument>,
): CommandPerformer {
  return {
    handles: new Set(['raiseIncident', 'resolveIncident']),
    async perform(command: EngineCommand, context: CommandContext) {
      const repository = incidents(context.tenantId);
      if (command.kind === 'raiseIncident') {
        await repository.createIfAbsent({
          id: incidentIdFor(context.tenantId, context.caseId, command.incident),
          caseId: context.caseId,
          processKey: context.processKey,
          incident: command.incident,
          element: command.element,
          code: command.code,
          message: command.message,
          state: 'open',
          createdAt: context.now,
        });
      } else if (command.kind === 'resolveIncident') {
        const id = incidentIdFor(context.tenantId, context.caseId, command.incident);
        await updateWithEtag(repository, id, (current) =>
          current.state === 'open'
            ? { ...current, state: 'resolved' as const, resolvedAt: context.now }
            : undefined,
        );
      }
    },
  };
}

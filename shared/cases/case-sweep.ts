/**
 * The sweep behind lost doorbells: finds active cases whose inbox holds an event not yet applied that is
 * older than `age`, so their orchestration can be rung (or started). Reads every active case across
 * tenants: fine for thousands of running cases; docs/data.md names the scale path.
 */
import type { Container } from '@azure/cosmos';
import type { CaseRef } from './case-inbox.js';

export async function casesWithStaleInbox(container: Container, olderThan: string): Promise<CaseRef[]> {
  const { resources: active } = await container.items
    .query<{ tenantId: string; id: string; lastApplied: number }>({
      query:
        "SELECT c.tenantId, c.id, c.lastApplied FROM c WHERE c.type = 'case' AND c.status = 'active' AND NOT IS_DEFINED(c.stuck)",
    })
    .fetchAll();
  const stale: CaseRef[] = [];
  for (const candidate of active) {
    const { resources } = await container.items
      .query<{ id: string }>(
        {
          query:
            "SELECT c.id FROM c WHERE c.tenantId = @tenantId AND c.type = 'inbox' AND c.caseId = @caseId AND c.seq > @seq AND c.receivedAt < @olderThan",
          parameters: [
            { name: '@tenantId', value: candidate.tenantId },
            { name: '@caseId', value: candidate.id },
            { name: '@seq', value: candidate.lastApplied },
            { name: '@olderThan', value: olderThan },
          ],
        },
        { partitionKey: candidate.tenantId, maxItemCount: 1 },
      )
      .fetchNext();
    if (resources.length > 0) stale.push({ tenantId: candidate.tenantId, caseId: candidate.id });
  }
  return stale;
}

/**
 * The sweep behind lost doorbells: finds active cases whose inbox holds an event not yet applied that is
 * older than `age`, so their orchestration can be rung (or started). Reads every active case across
 * tenants (one query), then for each the inbox event after its last applied one (a point read): fine for
 * thousands of running cases; docs/data.md names the scale path.
 */
import type { Container } from '@azure/cosmos';
import type { CaseRef } from './case-inbox.js';
import { inboxDocumentId } from './case-documents.js';

export async function casesWithStaleInbox(container: Container, olderThan: string): Promise<CaseRef[]> {
  const { resources: active } = await container.items
    .query<{ tenantId: string; id: string; lastApplied: number }>({
      query:
        "SELECT c.tenantId, c.id, c.lastApplied FROM c WHERE c.type = 'case' AND c.status = 'active' AND NOT IS_DEFINED(c.stuck)",
    })
    .fetchAll();
  const stale: CaseRef[] = [];
  for (const candidate of active) {
    // The next number after lastApplied is the oldest unapplied event, if any: one point read, no query.
    const { resource: next } = await container
      .item(inboxDocumentId(candidate.id, candidate.lastApplied + 1), candidate.tenantId)
      .read<{ receivedAt: string }>();
    if (next && next.receivedAt < olderThan)
      stale.push({ tenantId: candidate.tenantId, caseId: candidate.id });
  }
  return stale;
}

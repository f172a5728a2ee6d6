/** Shared pieces of the email tests: a recording outbound queue, case files in memory, a case to notify about. */
import type { Container } from '@azure/cosmos';
import { CaseStore } from '../../shared/cases/case-store.js';
import type { CaseFile, CaseFiles } from '../../shared/email/case-files.js';
import type { EmailDocument } from '../../shared/email/email-documents.js';
import type { OutboundMail, OutboundMailQueue } from '../../shared/email/outbound-mail.js';
import { TenantRepository } from '../../shared/storage/tenant-repository.js';

export class RecordingOutboundQueue implements OutboundMailQueue {
  readonly sent: { mail: OutboundMail; delaySeconds: number }[] = [];

  async send(mail: OutboundMail, delaySeconds = 0): Promise<void> {
    this.sent.push({ mail, delaySeconds });
  }
}

export class MemoryCaseFiles implements CaseFiles {
  readonly files = new Map<string, CaseFile>();

  async read(tenantId: string, caseId: string, name: string): Promise<CaseFile | undefined> {
    return this.files.get(`${tenantId}/${caseId}/${name}`);
  }

  async write(tenantId: string, caseId: string, name: string, file: CaseFile): Promise<void> {
    this.files.set(`${tenantId}/${caseId}/${name}`, file);
  }
}

export const emailRepositoryIn = (container: Container) => (tenantId: string) =>
  new TenantRepository<EmailDocument>(container, tenantId);

export const caseStoresIn = (container: Container) => (tenantId: string) =>
  new CaseStore(container, tenantId);

/** An active case document, as `CaseStartService` creates it. */
export async function createCase(
  cases: Container,
  tenantId: string,
  caseId: string,
  startedBy: string,
  businessKey?: string,
): Promise<void> {
  await new CaseStore(cases, tenantId).repository.create({
    id: caseId,
    type: 'case',
    processKey: 'claim',
    version: 1,
    definitionId: 'claim:1',
    ...(businessKey !== undefined ? { businessKey } : {}),
    startedBy,
    startedAt: '2030-01-01T00:00:00.000Z',
    status: 'active',
    lastApplied: 1,
    variables: {},
    activeElements: [],
  });
}

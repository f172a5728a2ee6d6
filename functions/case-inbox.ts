/**
 * The one place the Functions app chooses its `CaseInbox`: every HTTP function, activity and queue function
 * that delivers to a case gets it from here.
 */
import type { CaseInbox } from '../shared/cases/case-inbox.js';
import { DeliveryRecordInbox, type DeliveryDocument } from '../shared/cases/delivery-record-inbox.js';
import { cosmosContainers } from '../shared/config/registry.js';
import { TenantRepository } from '../shared/storage/tenant-repository.js';
import { appDatabase } from './http/app-services.js';

let inbox: CaseInbox | undefined;

export function caseInbox(): CaseInbox {
  inbox ??= new DeliveryRecordInbox(
    (tenantId) =>
      new TenantRepository<DeliveryDocument>(appDatabase().container(cosmosContainers.cases.name), tenantId),
    () => new Date(),
  );
  return inbox;
}

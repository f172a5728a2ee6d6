/**
 * The message, signal and incident services of the Functions app, and their command performers. They reach
 * cases through the inbox of the invocation (`caseRuntime`), whose doorbell needs its Durable client.
 */
import { randomUUID } from 'node:crypto';
import type { CaseInbox } from '../shared/cases/case-inbox.js';
import type { CaseStarter } from '../shared/cases/case-starter.js';
import type { Doorbell } from '../shared/cases/doorbell.js';
import type { CommandPerformer } from '../shared/cases/command-performer.js';
import { cosmosContainers, readSetting } from '../shared/config/registry.js';
import type { IncidentDocument } from '../shared/incidents/incident-document.js';
import { incidentPerformer } from '../shared/incidents/incident-performer.js';
import { IncidentService } from '../shared/incidents/incident-service.js';
import type { MessageDocument, SubscriptionDocument } from '../shared/messages/message-documents.js';
import { messagePerformer } from '../shared/messages/message-performer.js';
import { MessageService } from '../shared/messages/message-service.js';
import { TenantRepository } from '../shared/storage/tenant-repository.js';
import { appDatabase } from './http/app-services.js';

const messagesContainer = () => appDatabase().container(cosmosContainers.messages.name);
const subscriptions = (tenantId: string) =>
  new TenantRepository<SubscriptionDocument>(messagesContainer(), tenantId);
const messages = (tenantId: string) => new TenantRepository<MessageDocument>(messagesContainer(), tenantId);
/** Also read by the case orchestration, which records a stuck case as an incident. */
export const incidentRepository = (tenantId: string) =>
  new TenantRepository<IncidentDocument>(appDatabase().container(cosmosContainers.incidents.name), tenantId);

export function messageService(tenantId: string, inbox: CaseInbox, starter: CaseStarter): MessageService {
  return new MessageService({
    subscriptions: subscriptions(tenantId),
    messages: messages(tenantId),
    inbox,
    starter,
    clock: () => new Date(),
    newId: randomUUID,
  });
}

export function incidentService(tenantId: string, inbox: CaseInbox, doorbell: Doorbell): IncidentService {
  return new IncidentService(incidentRepository(tenantId), inbox, doorbell);
}

/** The message and signal performer as the app runs it, for `advanceCase`. */
export function appMessagePerformer(inbox: CaseInbox, starter: CaseStarter): CommandPerformer {
  return messagePerformer({
    subscriptions,
    messages,
    service: (tenantId) => messageService(tenantId, inbox, starter),
    inbox,
    timeToLiveSeconds: readSetting('messageTimeToLiveSeconds'),
  });
}

/** The incident performer as the app runs it, for `advanceCase`. */
export function appIncidentPerformer(): CommandPerformer {
  return incidentPerformer(incidentRepository);
}

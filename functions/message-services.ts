/** The message, signal and incident services of the Functions app, and their command performers. */
import { randomUUID } from 'node:crypto';
import type { CommandPerformer } from '../shared/cases/command-performer.js';
import { cosmosContainers, readSetting } from '../shared/config/registry.js';
import type { IncidentDocument } from '../shared/incidents/incident-document.js';
import { incidentPerformer } from '../shared/incidents/incident-performer.js';
import { IncidentService } from '../shared/incidents/incident-service.js';
import type { MessageDocument, SubscriptionDocument } from '../shared/messages/message-documents.js';
import { messagePerformer } from '../shared/messages/message-performer.js';
import { MessageService } from '../shared/messages/message-service.js';
import { TenantRepository } from '../shared/storage/tenant-repository.js';
import { caseInbox } from './case-inbox.js';
import { caseStarter } from './case-starter.js';
import { appDatabase } from './http/app-services.js';

const messagesContainer = () => appDatabase().container(cosmosContainers.messages.name);
const subscriptions = (tenantId: string) =>
  new TenantRepository<SubscriptionDocument>(messagesContainer(), tenantId);
const messages = (tenantId: string) => new TenantRepository<MessageDocument>(messagesContainer(), tenantId);
const incidents = (tenantId: string) =>
  new TenantRepository<IncidentDocument>(appDatabase().container(cosmosContainers.incidents.name), tenantId);

export function messageService(tenantId: string): MessageService {
  return new MessageService({
    subscriptions: subscriptions(tenantId),
    messages: messages(tenantId),
    inbox: caseInbox(),
    starter: caseStarter(),
    clock: () => new Date(),
    newId: randomUUID,
  });
}

export function incidentService(tenantId: string): IncidentService {
  return new IncidentService(incidents(tenantId), caseInbox());
}

/** The message and signal performer as the app runs it, for `advanceCase`. */
export function appMessagePerformer(): CommandPerformer {
  return messagePerformer({
    subscriptions,
    messages,
    service: messageService,
    inbox: caseInbox(),
    timeToLiveSeconds: readSetting('messageTimeToLiveSeconds'),
  });
}

/** The incident performer as the app runs it, for `advanceCase`. */
export function appIncidentPerformer(): CommandPerformer {
  return incidentPerformer(incidents);
}

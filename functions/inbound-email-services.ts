/**
 * The inbound mail services of the Functions app: the `email-inbound` blob container and queue, the
 * cross-tenant lookups, trigger rules and the rejected list, and the processor's ports over the case
 * runtime (a reply completes a task through the Tasks path and comments through the Cases path).
 */
import type { DurableClient } from 'durable-functions';
import { CasesService } from '../shared/cases/cases-service.js';
import { TasksService } from '../shared/cases/tasks-service.js';
import {
  blobContainers,
  cosmosContainers,
  readOptionalSetting,
  storageQueues,
} from '../shared/config/registry.js';
import { EmailLookups } from '../shared/email/email-lookups.js';
import { usableSecret } from '../shared/email/email-secrets.js';
import type { ReplyTokenDocument } from '../shared/email/email-documents.js';
import type { InboundMailQueue, InboundMailStore } from '../shared/email/inbound-mail.js';
import type { InboundProcessorPorts } from '../shared/email/inbound-mail-processor.js';
import { RejectedMails } from '../shared/email/rejected-mails.js';
import { TriggerRules } from '../shared/email/trigger-rules.js';
import type { Principal } from '../shared/identity/principal.js';
import { BlobInboundMailStore } from '../shared/storage/blob-inbound-mail-store.js';
import { createBlobServiceClient, createQueueServiceClient } from '../shared/storage/clients.js';
import { StorageInboundMailQueue } from '../shared/storage/storage-inbound-mail-queue.js';
import { caseRuntime } from './cases/case-runtime.js';
import { appCaseFiles, emailRepository, replySettings } from './email-services.js';
import { appDatabase } from './http/app-services.js';

const now = () => new Date();
let store: InboundMailStore | undefined;
let queue: InboundMailQueue | undefined;

export function inboundMailStore(): InboundMailStore {
  store ??= new BlobInboundMailStore(
    createBlobServiceClient().getContainerClient(blobContainers.emailInbound.name),
  );
  return store;
}

export function inboundMailQueue(): InboundMailQueue {
  queue ??= new StorageInboundMailQueue(
    createQueueServiceClient().getQueueClient(storageQueues.emailInbound.name),
  );
  return queue;
}

/** The webhook's shared secret; unset (or unusable): the webhook refuses every call with 503. */
export const inboundSecret = () => usableSecret(readOptionalSetting('emailInboundSecret'));

const lookups = () => new EmailLookups(appDatabase().container(cosmosContainers.email.name));

export const triggerRules = (tenantId: string) =>
  new TriggerRules(emailRepository(tenantId), (recipient) => lookups().addressOwner(recipient), now);

export const rejectedMails = (tenantId: string) => new RejectedMails(emailRepository(tenantId));

/** A reply acts as the user the notification went to, with that user's rights only. */
function grantPrincipal(grant: ReplyTokenDocument): Principal {
  return { tenantId: grant.tenantId, userId: grant.userId, roles: ['worker'], groups: [] };
}

export function inboundProcessorPorts(
  client: DurableClient,
  log: (message: string) => void,
): InboundProcessorPorts {
  const runtime = caseRuntime(client);
  const replies = replySettings();
  return {
    store: inboundMailStore(),
    ...(replies ? { replies: { secret: replies.secret, domain: replies.domain } } : {}),
    findGrant: (tokenId) => lookups().grant(tokenId),
    async completeTask(grant, variables) {
      if (grant.taskId === undefined) return;
      const definitions = runtime.definitions(grant.tenantId);
      const tasks = new TasksService(
        grantPrincipal(grant),
        runtime.tasks(grant.tenantId),
        runtime.inbox,
        now,
        (id) => definitions.graph(id),
      );
      await tasks.complete(grant.taskId, variables);
    },
    async addComment(grant, text, mail) {
      // The comment id derives from the mail, so a redelivered message finds the comment it wrote.
      const definitions = runtime.definitions(grant.tenantId);
      const cases = new CasesService(
        grantPrincipal(grant),
        runtime.stores(grant.tenantId),
        runtime.tasks(grant.tenantId),
        runtime.starter,
        runtime.inbox,
        () => `mail-${mail.id}`,
        now,
        (id) => definitions.visibilityRules(id),
      );
      try {
        await cases.addComment(grant.caseId, text);
      } catch (error) {
        if ((error as { code?: string }).code !== 'storage.conflict') throw error;
      }
    },
    triggersFor: (recipients) => lookups().triggersFor(recipients),
    async startCase(rule, caseId, variables) {
      await runtime.starter.start({
        tenantId: rule.tenantId,
        processKey: rule.processKey,
        variables,
        startedBy: `email:${rule.name}`,
        caseId,
      });
    },
    files: appCaseFiles(),
    recordRejected: (mail, reason, tenantId) => rejectedMails(tenantId).record(mail, reason),
    log,
    now,
  };
}

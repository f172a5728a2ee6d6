/**
 * The email services of the Functions app: the `email` container, the `email-outbound` queue, SMTP through
 * nodemailer, the case files in Blob Storage, notifications and their performers (wired by the case runtime).
 */
import { CaseStore } from '../shared/cases/case-store.js';
import type { CommandPerformer } from '../shared/cases/command-performer.js';
import { performerBuiltOnFirstUse } from '../shared/cases/performer-built-on-first-use.js';
import {
  blobContainers,
  cosmosContainers,
  readOptionalSetting,
  readSetting,
  storageQueues,
} from '../shared/config/registry.js';
import { AttachmentCaseFiles } from '../shared/email/attachment-case-files.js';
import { CaseCompletedNotifier } from '../shared/email/case-completed-notifier.js';
import type { EmailDocument } from '../shared/email/email-documents.js';
import { usableSecret } from '../shared/email/email-secrets.js';
import { EmailSettings } from '../shared/email/email-settings.js';
import { EmailSettingsCache } from '../shared/email/email-settings-cache.js';
import { EmailTemplates } from '../shared/email/email-templates.js';
import { Notifications, type ReplySettings } from '../shared/email/notifications.js';
import { OutboundMailSender } from '../shared/email/outbound-mail-sender.js';
import type { OutboundMailQueue } from '../shared/email/outbound-mail.js';
import { SmtpMailTransport } from '../shared/email/smtp-mail-transport.js';
import { TaskAssignedNotifier } from '../shared/email/task-assigned-notifier.js';
import { BlobCaseFiles } from '../shared/storage/blob-case-files.js';
import { createBlobServiceClient, createQueueServiceClient } from '../shared/storage/clients.js';
import { StorageOutboundMailQueue } from '../shared/storage/storage-outbound-mail-queue.js';
import { TenantRepository } from '../shared/storage/tenant-repository.js';
import { appDatabase, attachmentBytes } from './http/app-services.js';

const now = () => new Date();
let outboundQueue: OutboundMailQueue | undefined;
let sender: OutboundMailSender | undefined;
let caseFiles: BlobCaseFiles | undefined;

export function emailRepository(tenantId: string): TenantRepository<EmailDocument> {
  return new TenantRepository<EmailDocument>(appDatabase().container(cosmosContainers.email.name), tenantId);
}

export const emailTemplates = (tenantId: string) => new EmailTemplates(emailRepository(tenantId), now);
/** Notifications look a recipient's address up in settings at most this old (docs/email.md). */
const emailSettingsMaxAgeMs = 30_000;
const emailSettingsCache = new EmailSettingsCache(emailSettingsMaxAgeMs);
export const emailSettings = (tenantId: string) =>
  new EmailSettings(emailRepository(tenantId), now, emailSettingsCache);

export function outboundMailQueue(): OutboundMailQueue {
  outboundQueue ??= new StorageOutboundMailQueue(
    createQueueServiceClient().getQueueClient(storageQueues.emailOutbound.name),
  );
  return outboundQueue;
}

export function appCaseFiles(): BlobCaseFiles {
  caseFiles ??= new BlobCaseFiles(
    createBlobServiceClient().getContainerClient(blobContainers.caseAttachments.name),
  );
  return caseFiles;
}

export function outboundMailSender(): OutboundMailSender {
  sender ??= new OutboundMailSender({
    email: emailRepository,
    transport: new SmtpMailTransport({ host: readSetting('smtpHost'), port: readSetting('smtpPort') }),
    // Send tasks may name Cases API attachments (`attachment:<id>`) besides plain case files.
    files: new AttachmentCaseFiles(
      appCaseFiles(),
      (tenantId) => new CaseStore(appDatabase().container(cosmosContainers.cases.name), tenantId),
      attachmentBytes(),
    ),
    from: readSetting('emailFrom'),
    now,
  });
  return sender;
}

/** Reply tokens need both the signing secret and the reply domain; without either, none are issued. */
export function replySettings(): ReplySettings | undefined {
  const secret = usableSecret(readOptionalSetting('emailTokenSecret'));
  const domain = readOptionalSetting('emailReplyDomain');
  if (secret === undefined || domain === undefined) return undefined;
  return { secret, domain, validHours: readSetting('emailReplyTokenHours') };
}

export function notifications(): Notifications {
  const replies = replySettings();
  return new Notifications({
    email: emailRepository,
    templates: emailTemplates,
    settings: emailSettings,
    queue: outboundMailQueue(),
    ...(replies ? { replies } : {}),
  });
}

/**
 * The notification performers for the case runtime's list (`functions/cases/case-runtime.ts`): "task
 * assigned" beside the user task performer, "case completed" on `end`.
 */
export function emailNotificationPerformers(cases: (tenantId: string) => CaseStore): CommandPerformer[] {
  let composer: Notifications | undefined;
  const shared = () => (composer ??= notifications());
  return [
    performerBuiltOnFirstUse(new Set(['createUserTask']), () => new TaskAssignedNotifier(shared(), cases)),
    performerBuiltOnFirstUse(new Set(['end']), () => new CaseCompletedNotifier(shared(), cases)),
  ];
}

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { simpleParser } from 'mailparser';
import { listMail, readMail } from '../../local/emulators/mailbox.js';
import { startSmtp, type RunningSmtp } from '../../local/emulators/smtp.js';
import { attachmentDocumentId } from '../../shared/cases/case-documents.js';
import type { CommandContext } from '../../shared/cases/command-performer.js';
import { AttachmentCaseFiles } from '../../shared/email/attachment-case-files.js';
import type { CaseFiles } from '../../shared/email/case-files.js';
import { CaseCompletedNotifier } from '../../shared/email/case-completed-notifier.js';
import { EmailSettings } from '../../shared/email/email-settings.js';
import { EmailSettingsCache } from '../../shared/email/email-settings-cache.js';
import { EmailTemplates } from '../../shared/email/email-templates.js';
import type { MailTransport } from '../../shared/email/mail-transport.js';
import { Notifications } from '../../shared/email/notifications.js';
import { deliverOutboundMail, outboundMaxAttempts } from '../../shared/email/outbound-mail-delivery.js';
import { OutboundMailSender } from '../../shared/email/outbound-mail-sender.js';
import { parseOutboundMail } from '../../shared/email/outbound-mail.js';
import { sendOverdueNotices } from '../../shared/email/overdue-task-notices.js';
import { sendEmailJobHandler } from '../../shared/email/send-email-job-handler.js';
import { SmtpMailTransport } from '../../shared/email/smtp-mail-transport.js';
import { TaskAssignedNotifier } from '../../shared/email/task-assigned-notifier.js';
import type { JobDocument } from '../../shared/jobs/job-document.js';
import { JobFailure } from '../../shared/jobs/job-failure.js';
import type { TaskDocument } from '../../shared/cases/task-documents.js';
import { startLocalCosmos, type LocalCosmos } from '../support/local-cosmos.js';
import { makeTempDir } from '../support/temp-dir.js';
import {
  MemoryCaseFiles,
  RecordingOutboundQueue,
  caseStoresIn,
  createCase,
  emailRepositoryIn,
} from './email-support.js';

const tenantId = 'contoso';
const now = '2030-01-02T08:00:00.000Z';
const replies = { secret: 'a-test-secret-of-enough-length', domain: 'reply.caseflow.test', validHours: 24 };

describe('email out', () => {
  const dataDir = makeTempDir('email-out');
  let cosmos: LocalCosmos;
  let smtp: RunningSmtp;

  before(async () => {
    [cosmos, smtp] = await Promise.all([
      startLocalCosmos('email-out-cosmos', ['email', 'cases']),
      startSmtp({ dataDir: dataDir.path }),
    ]);
    await new EmailSettings(emailRepositoryIn(cosmos.container('email'))(tenantId), () => new Date(now)).put(
      { userDomain: 'contoso.test', addresses: { walter: 'walter.w@contoso.test' } },
      'alice',
    );
  });
  after(async () => {
    await Promise.all([cosmos.stop(), smtp.stop()]);
    dataDir.remove();
  });

  const email = () => emailRepositoryIn(cosmos.container('email'));
  const templates = (tenant: string) => new EmailTemplates(email()(tenant), () => new Date(now));
  const settings = (tenant: string) => new EmailSettings(email()(tenant), () => new Date(now));
  const notifications = (queue: RecordingOutboundQueue) =>
    new Notifications({ email: email(), templates, settings, queue, replies });
  const sender = (files: CaseFiles = new MemoryCaseFiles(), transport?: MailTransport) =>
    new OutboundMailSender({
      email: email(),
      transport: transport ?? new SmtpMailTransport({ host: smtp.host, port: smtp.port }),
      files,
      from: 'caseflow@caseflow.test',
      now: () => new Date(now),
    });
  const context = (caseId: string, seq: number): CommandContext => ({
    tenantId,
    caseId,
    processKey: 'claim',
    definitionId: 'claim:1',
    commandId: `${caseId}:${seq}:0`,
    now,
  });
  const mailTo = (address: string) => listMail(dataDir.path).filter((mail) => mail.to.includes(address));

  it('a task created with an assignee mails the assignee through the queue to SMTP, with a reply address', async () => {
    await createCase(cosmos.container('cases'), tenantId, 'case-assign', 'dave', 'CLAIM-7');
    const queue = new RecordingOutboundQueue();
    const notifier = new TaskAssignedNotifier(notifications(queue), caseStoresIn(cosmos.container('cases')));
    const command = {
      kind: 'createUserTask' as const,
      elementInstance: 'review#1',
      element: 'review',
      name: 'Review claim',
      assignment: { assignee: 'walter', dueDate: '2030-01-05T00:00:00.000Z' },
    };
    await notifier.perform(command, context('case-assign', 2));
    await notifier.perform(command, context('case-assign', 2));
    assert.equal(queue.sent.length, 2, 'composed on every run (the key makes it one mail)');
    const [first, second] = queue.sent.map((entry) =>
      parseOutboundMail(JSON.parse(JSON.stringify(entry.mail))),
    );
    assert.deepEqual(first, second);
    assert.deepEqual(first?.to, ['walter.w@contoso.test']);
    assert.match(first?.replyTo ?? '', /^reply\+[a-z2-7]{48}@reply\.caseflow\.test$/);
    for (const entry of queue.sent) await deliverOutboundMail(entry.mail, sender(), queue);
    const received = mailTo('walter.w@contoso.test');
    assert.equal(received.length, 1);
    assert.equal(received[0]?.subject, 'Task assigned: Review claim');
    assert.match(received[0]?.text ?? '', /Review claim" of case CLAIM-7 \(claim\) is assigned to you/);
    assert.match(received[0]?.text ?? '', /Reply to this mail to complete the task/);
    const raw = readMail(dataDir.path, received[0]?.id ?? '')?.raw ?? Buffer.alloc(0);
    const parsed = await simpleParser(raw);
    assert.equal(parsed.replyTo?.text, first?.replyTo);
    assert.equal(parsed.html, false, 'text only, never HTML');
  });

  it("addresses come from settings at most the cache's age old; a change through the same process applies at once", async () => {
    let clock = Date.parse(now);
    const cache = new EmailSettingsCache(30_000);
    const cached = (tenant: string) => new EmailSettings(email()(tenant), () => new Date(clock), cache);
    const otherInstance = new EmailSettings(email()('northwind'), () => new Date(clock));
    await otherInstance.put({ userDomain: 'fabrikam.test' }, 'alice');
    assert.equal(await cached('northwind').addressOf('fred'), 'fred@fabrikam.test');
    await otherInstance.put({ userDomain: 'fabrikam.example' }, 'alice');
    assert.equal(
      await cached('northwind').addressOf('fred'),
      'fred@fabrikam.test',
      'within the age: remembered',
    );
    clock += 30_000;
    assert.equal(
      await cached('northwind').addressOf('fred'),
      'fred@fabrikam.example',
      'past the age: read again',
    );
    await cached('northwind').put({ addresses: { fred: 'fred@elsewhere.test' } }, 'alice');
    assert.equal(await cached('northwind').addressOf('fred'), 'fred@elsewhere.test', 'own change: at once');
    assert.equal(await cached('contoso').addressOf('walter'), 'walter.w@contoso.test', 'per tenant');
  });

  it('a task without an assignee, or a user without an address, mails nobody', async () => {
    await createCase(cosmos.container('cases'), tenantId, 'case-nobody', 'dave');
    const queue = new RecordingOutboundQueue();
    const notifier = new TaskAssignedNotifier(notifications(queue), caseStoresIn(cosmos.container('cases')));
    await notifier.perform(
      { kind: 'createUserTask', elementInstance: 'a#1', element: 'a' },
      context('case-nobody', 2),
    );
    const outcome = await notifications(queue).notify({
      tenantId: 'fabrikam',
      kind: 'task-assigned',
      subject: 'x',
      userId: 'fred',
      case: { id: 'c', processKey: 'p', status: 'active' },
      acceptsReply: false,
      now,
    });
    assert.equal(outcome, 'no-address');
    assert.equal(queue.sent.length, 0);
  });

  it("a tenant's own template replaces the built-in one; a template with broken FEEL is refused", async () => {
    await templates(tenantId).put(
      'case-completed',
      { subject: 'Done: {{ case.businessKey }}', text: 'Status {{ upper case(case.status) }}.' },
      'alice',
    );
    await assert.rejects(
      templates(tenantId).put('case-completed', { subject: 'x {{ 1 + }}', text: 'y' }, 'alice'),
      (error: { code?: string }) => error.code === 'http.validation-failed',
    );
    await createCase(cosmos.container('cases'), tenantId, 'case-done', 'walter', 'CLAIM-9');
    const queue = new RecordingOutboundQueue();
    const notifier = new CaseCompletedNotifier(notifications(queue), caseStoresIn(cosmos.container('cases')));
    await notifier.perform({ kind: 'end', status: 'completed' }, context('case-done', 5));
    assert.equal(queue.sent[0]?.mail.subject, 'Done: CLAIM-9');
    assert.equal(queue.sent[0]?.mail.text, 'Status COMPLETED.');
    assert.deepEqual(queue.sent[0]?.mail.to, ['walter.w@contoso.test']);
    const fabrikam = await templates('fabrikam').resolve('case-completed');
    assert.equal(fabrikam.source, 'default');
  });

  it('a send task mails once with its attachment despite a redelivered queue message', async () => {
    const queue = new RecordingOutboundQueue();
    const handler = sendEmailJobHandler({ templates, queue, clock: () => new Date(now) });
    const job = {
      id: 'job-send-1',
      tenantId,
      jobType: 'email:send',
      caseId: 'case-send',
      processKey: 'claim',
      element: 'notify',
      elementInstance: 'notify#1',
      variables: { customer: 'Ada', email: 'ada@customer.test' },
      headers: {
        to: '=email',
        subject: 'Your claim, {{ customer }}',
        text: 'Dear {{ customer }}, see the letter.',
        attachments: 'letter.txt',
      },
    } as unknown as JobDocument;
    assert.deepEqual(await handler.handle(job), { kind: 'complete' });
    const files = new MemoryCaseFiles();
    await files.write(tenantId, 'case-send', 'letter.txt', {
      content: Buffer.from('Dear Ada'),
      contentType: 'text/plain',
    });
    const message = queue.sent[0]?.mail;
    assert.ok(message);
    assert.equal(await deliverOutboundMail(message, sender(files), queue), 'sent');
    assert.equal(await deliverOutboundMail(message, sender(files), queue), 'already-sent');
    const received = mailTo('ada@customer.test');
    assert.equal(received.length, 1);
    assert.equal(received[0]?.subject, 'Your claim, Ada');
    const parsed = await simpleParser(readMail(dataDir.path, received[0]?.id ?? '')?.raw ?? Buffer.alloc(0));
    assert.equal(parsed.attachments[0]?.filename, 'letter.txt');
    assert.equal(parsed.attachments[0]?.content.toString(), 'Dear Ada');
    assert.match(received[0]?.messageId ?? '', /^<[0-9a-f]{40}@caseflow\.test>$/);
  });

  it('a send task mails a Cases API attachment named attachment:<id> under its file name', async () => {
    const stored = new Map([['blob-1', Buffer.from('%PDF-1.7 quote')]]);
    const bytes = {
      put: async () => assert.fail('nothing is uploaded'),
      open: async (blobName: string) => {
        const content = stored.get(blobName);
        return content ? new Response(content).body! : undefined;
      },
      delete: async () => assert.fail('nothing is deleted'),
    };
    await caseStoresIn(cosmos.container('cases'))(tenantId).repository.create({
      id: attachmentDocumentId('case-quote', 'a1'),
      type: 'attachment',
      caseId: 'case-quote',
      attachmentId: 'a1',
      name: 'Quote März.pdf',
      contentType: 'application/pdf',
      size: 14,
      sha256: 'not-checked-here',
      blobName: 'blob-1',
      uploadedBy: 'walter',
      uploadedAt: now,
    });
    const files = new AttachmentCaseFiles(
      new MemoryCaseFiles(),
      caseStoresIn(cosmos.container('cases')),
      bytes,
    );
    const queue = new RecordingOutboundQueue();
    const mail = {
      tenantId,
      key: 'job:quote',
      to: ['quote@customer.test'],
      subject: 'Your quote',
      text: 'Attached.',
      caseId: 'case-quote',
      attachments: ['attachment:a1'],
    };
    assert.equal(await deliverOutboundMail(mail, sender(files), queue), 'sent');
    const received = mailTo('quote@customer.test');
    const parsed = await simpleParser(readMail(dataDir.path, received[0]?.id ?? '')?.raw ?? Buffer.alloc(0));
    assert.equal(parsed.attachments[0]?.filename, 'Quote März.pdf');
    assert.equal(parsed.attachments[0]?.contentType, 'application/pdf');
    assert.equal(parsed.attachments[0]?.content.toString(), '%PDF-1.7 quote');
    // Another case's attachment id names nothing on this case.
    await assert.rejects(
      sender(files).send({ ...mail, key: 'job:other', caseId: 'case-other' }),
      (error: { code?: string }) => error.code === 'email.attachment-missing',
    );
  });

  it('a send task without a valid recipient raises an incident at once', async () => {
    const handler = sendEmailJobHandler({
      templates,
      queue: new RecordingOutboundQueue(),
      clock: () => new Date(now),
    });
    const job = {
      id: 'j2',
      tenantId,
      caseId: 'c',
      processKey: 'p',
      variables: {},
      headers: { to: 'not an address' },
    };
    await assert.rejects(handler.handle(job as unknown as JobDocument), (error) => {
      assert.ok(error instanceof JobFailure);
      return !error.retryable;
    });
  });

  it('a failing SMTP send comes back after a growing back-off, and the last attempt throws for the poison queue', async () => {
    const failing: MailTransport = {
      send: () => Promise.reject(new Error('connection refused')),
    };
    const queue = new RecordingOutboundQueue();
    const mail = { tenantId, key: 'job:failing', to: ['x@contoso.test'], subject: 's', text: 't' };
    assert.equal(await deliverOutboundMail(mail, sender(undefined, failing), queue), 'retry-later');
    assert.equal(
      await deliverOutboundMail({ ...mail, attempt: 1 }, sender(undefined, failing), queue),
      'retry-later',
    );
    assert.deepEqual(
      queue.sent.map((entry) => [entry.mail.attempt, entry.delaySeconds]),
      [
        [1, 30],
        [2, 60],
      ],
    );
    await assert.rejects(
      deliverOutboundMail({ ...mail, attempt: outboundMaxAttempts - 1 }, sender(undefined, failing), queue),
      /connection refused/,
    );
    assert.equal(queue.sent.length, 2);
  });

  it('the overdue sweep notifies an open overdue task once', async () => {
    const queue = new RecordingOutboundQueue();
    const task = {
      id: 'case-late.review#1',
      tenantId,
      type: 'task',
      caseId: 'case-late',
      processKey: 'claim',
      element: 'review',
      elementInstance: 'review#1',
      assignee: 'wendy',
      dueDate: '2030-01-01T00:00:00.000Z',
      status: 'open',
    } as unknown as TaskDocument;
    assert.equal(await sendOverdueNotices([task], email(), notifications(queue), now), 1);
    assert.equal(await sendOverdueNotices([task], email(), notifications(queue), now), 0);
    assert.equal(queue.sent.length, 1);
    assert.deepEqual(queue.sent[0]?.mail.to, ['wendy@contoso.test']);
    assert.match(queue.sent[0]?.mail.subject ?? '', /^Task overdue: review$/);
  });
});

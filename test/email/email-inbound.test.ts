import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { BlobServiceClient } from '@azure/storage-blob';
import { simpleParser } from 'mailparser';
import { createLocalCosmosClient, listMail, readMail } from '../../local/emulators/index.js';
import { startLocalCloud, type LocalCloud } from '../../local/start-local-cloud.js';
import { blobContainers, cosmosContainers, cosmosDatabase, settings } from '../../shared/config/registry.js';
import { issueReplyToken, replyAddress } from '../../shared/email/reply-tokens.js';
import { definitions } from '../support/models.js';
import { repositoryRoot } from '../support/paths.js';
import { makeTempDir } from '../support/temp-dir.js';
import { pdfBytes, rawMail } from './inbound-mail-support.js';
import { apiUser, eventually } from '../support/caseflow-api.js';

/** intake: started by mail (trigger rule); approval: a review task the model assigns to walter. */
const model = definitions(`<bpmn:process id="intake" isExecutable="true">
  <bpmn:startEvent id="start" />
  <bpmn:sequenceFlow id="i1" sourceRef="start" targetRef="triage" />
  <bpmn:userTask id="triage" />
  <bpmn:sequenceFlow id="i2" sourceRef="triage" targetRef="end" />
  <bpmn:endEvent id="end" />
</bpmn:process>
<bpmn:process id="approval" isExecutable="true">
  <bpmn:startEvent id="aStart" />
  <bpmn:sequenceFlow id="a1" sourceRef="aStart" targetRef="review" />
  <bpmn:userTask id="review" name="Review request" camunda:assignee="walter" />
  <bpmn:sequenceFlow id="a2" sourceRef="review" targetRef="aEnd" />
  <bpmn:endEvent id="aEnd" />
</bpmn:process>`);

const maxInboundBytes = 64 * 1024;

interface CaseView {
  id: string;
  status: string;
  variables: Record<string, unknown>;
}
interface Rejected {
  from: string;
  subject: string;
  reason: string;
}

describe('email in on the local cloud: triggers start cases, replies complete tasks', () => {
  const dataDir = makeTempDir('email-inbound');
  let cloud: LocalCloud;
  let secret: string;

  before(async () => {
    cloud = await startLocalCloud({
      appRoot: repositoryRoot,
      dataDir: dataDir.path,
      ports: 'free',
      settings: { [settings.emailMaxInboundBytes.name]: String(maxInboundBytes) },
    });
    secret = cloud.appSettings[settings.emailInboundSecret.name] ?? '';
    const dave = await as('contoso', 'dave');
    assert.equal((await dave.send('POST', '/api/models', model, 'application/xml')).status, 201);
    const alice = await as('contoso', 'alice');
    assert.equal(
      (await alice.put('/api/email/settings', { addresses: { walter: 'walter@contoso.test' } })).status,
      200,
    );
    const rule = await alice.put('/api/email/triggers/claims', {
      recipient: 'claims@contoso.test',
      senderDomains: ['customer.test'],
      subjectContains: 'claim',
      processKey: 'intake',
      variables: { customer: 'mail.from' },
    });
    assert.equal(rule.status, 200, await rule.clone().text());
  });
  after(async () => {
    await cloud?.stop();
    dataDir.remove();
  });

  const as = (tenantId: string, userId: string) => apiUser(() => cloud.host.url, tenantId, userId);

  const postMail = (raw: string, key: string | null = secret, contentType = 'message/rfc822') =>
    fetch(`${cloud.host.url}/api/email/inbound`, {
      method: 'POST',
      headers: { 'content-type': contentType, ...(key !== null ? { 'x-caseflow-email-key': key } : {}) },
      body: raw,
    });

  const rejected = async () =>
    (await (await as('contoso', 'alice')).get<{ items: Rejected[] }>('/api/email/rejected')).items;
  const rejectedWith = (subject: string) =>
    eventually(`the rejected mail "${subject}"`, async () =>
      (await rejected()).find((r) => r.subject === subject),
    );

  async function storedBlobs(): Promise<number> {
    const blobs = BlobServiceClient.fromConnectionString(
      cloud.appSettings[settings.storageConnection.name] ?? '',
    );
    const names: string[] = [];
    for await (const blob of blobs.getContainerClient(blobContainers.emailInbound.name).listBlobsFlat()) {
      names.push(blob.name);
    }
    return names.length;
  }

  it('a mail to a trigger address starts a case with the text (never the HTML) and the attachment; a re-post starts nothing more', async () => {
    const raw = rawMail({
      from: 'Bob <bob@customer.test>',
      to: 'claims@contoso.test',
      subject: 'New claim 42',
      html: '<p>My <b>car</b> broke</p><script>fetch("https://evil.test")</script>',
      messageId: '<claim-42@customer.test>',
      attachments: [{ name: 'claim.pdf', type: 'application/pdf', content: pdfBytes }],
    });
    const accepted = await postMail(raw);
    assert.equal(accepted.status, 202, await accepted.clone().text());
    const { id, duplicate } = (await accepted.json()) as { id: string; duplicate: boolean };
    assert.equal(duplicate, false);
    const alice = await as('contoso', 'alice');
    const started = await eventually('the case started by mail', async () => {
      const { items } = await alice.get<{ items: CaseView[] }>('/api/cases?processKey=intake');
      // The case is listed once created; its variables arrive with the start event.
      return items[0]?.variables.email !== undefined ? items[0] : undefined;
    });
    assert.equal(started.id, `mail-${id}`);
    const email = started.variables.email as { text: string; subject: string; attachments: string[] };
    assert.equal(started.variables.customer, 'bob@customer.test');
    assert.equal(email.subject, 'New claim 42');
    assert.match(email.text, /My car broke/i);
    assert.doesNotMatch(email.text, /<|script|fetch/);
    assert.deepEqual(email.attachments, ['1-claim.pdf']);
    const again = await postMail(raw);
    assert.equal(again.status, 202);
    assert.deepEqual(await again.json(), { id, duplicate: true });
    const { items } = await alice.get<{ items: CaseView[] }>('/api/cases?processKey=intake');
    assert.equal(items.length, 1);
  });

  it('a mail from a sender outside the allow-list starts nothing and is listed as rejected', async () => {
    const accepted = await postMail(
      rawMail({
        from: 'eve@elsewhere.test',
        to: 'claims@contoso.test',
        subject: 'Claim from a stranger',
        text: 'hi',
      }),
    );
    assert.equal(accepted.status, 202);
    assert.equal((await rejectedWith('Claim from a stranger')).reason, 'sender-not-allowed');
    const frank = await as('fabrikam', 'frank');
    const taken = await frank.put('/api/email/triggers/steal', {
      recipient: 'claims@contoso.test',
      processKey: 'x',
    });
    assert.equal(taken.status, 409, 'a trigger address belongs to one tenant');
    assert.equal((await frank.get<{ items: Rejected[] }>('/api/email/rejected')).items.length, 0);
  });

  it("a reply to the assignee's task mail completes the task; a forged From with a tampered token does nothing", async () => {
    const dave = await as('contoso', 'dave');
    const started = await dave.post('/api/cases', { processKey: 'approval', variables: {} });
    assert.equal(started.status, 201, await started.clone().text());
    const caseId = ((await started.json()) as CaseView).id;
    const notice = await eventually('the task-assigned mail to walter', async () =>
      listMail(dataDir.path).find((mail) => mail.to.includes('walter@contoso.test')),
    );
    const parsed = await simpleParser(readMail(dataDir.path, notice.id)?.raw ?? Buffer.alloc(0));
    const replyTo = parsed.replyTo?.value[0]?.address ?? '';
    assert.match(replyTo, /^reply\+[a-z2-7]{48}@reply\.caseflow\.local$/);
    const walter = await as('contoso', 'walter');
    const task = await eventually('the review task', async () => {
      const { items } = await walter.get<{ items: { id: string; caseId: string }[] }>(
        '/api/tasks?scope=mine',
      );
      return items.find((each) => each.caseId === caseId);
    });

    // The token id is kept (the grant is found) but the signature is changed: the From alone authorises nothing.
    const token = replyTo.slice('reply+'.length, replyTo.indexOf('@'));
    const tampered = `reply+${token.slice(0, 40)}${token.slice(40) === 'aaaaaaaa' ? 'bbbbbbbb' : 'aaaaaaaa'}@reply.caseflow.local`;
    const forged = await postMail(
      rawMail({ from: 'walter@contoso.test', to: tampered, subject: 'Re: forged approval', text: 'approve' }),
    );
    assert.equal(forged.status, 202);
    assert.equal((await rejectedWith('Re: forged approval')).reason, 'bad-token');
    assert.equal((await walter.get<{ status: string }>(`/api/tasks/${task.id}`)).status, 'open');

    const reply = await postMail(
      rawMail({
        from: 'Walter <walter@contoso.test>',
        to: replyTo,
        subject: `Re: ${parsed.subject}`,
        text: 'Approve\r\n\r\nOn Monday Caseflow wrote:\r\n> Reply to this mail',
      }),
    );
    assert.equal(reply.status, 202);
    const done = await eventually('the case completed by the reply', async () => {
      const view = await dave.get<CaseView>(`/api/cases/${caseId}`);
      return view.status === 'completed' ? view : undefined;
    });
    assert.equal(done.variables.approved, true);
    assert.equal((await walter.get<{ status: string }>(`/api/tasks/${task.id}`)).status, 'completed');
  });

  it('a reply with an expired token changes nothing and is listed as rejected', async () => {
    const tokenSecret = cloud.appSettings[settings.emailTokenSecret.name] ?? '';
    const grant = {
      tenantId: 'contoso',
      caseId: 'old-case',
      taskId: 'old-case.review',
      userId: 'walter',
      address: 'walter@contoso.test',
    };
    const issued = issueReplyToken(tokenSecret, 'notify:old', grant, new Date('2020-01-01T00:00:00.000Z'));
    const cosmos = createLocalCosmosClient(cloud.emulators.cosmos);
    await cosmos
      .database(cosmosDatabase.name)
      .container(cosmosContainers.email.name)
      .items.create({
        id: `reply:${issued.tokenId}`,
        type: 'reply-token',
        ...grant,
        expiresAt: issued.expiresAt,
      });
    const accepted = await postMail(
      rawMail({
        from: 'walter@contoso.test',
        to: replyAddress(issued.token, 'reply.caseflow.local'),
        subject: 'Re: an old task',
        text: 'approve',
      }),
    );
    assert.equal(accepted.status, 202);
    assert.equal((await rejectedWith('Re: an old task')).reason, 'expired-token');
  });

  it('refuses a wrong key, a wrong media type, an oversize message and text that is not MIME, storing and queueing nothing', async () => {
    const before = await storedBlobs();
    const mail = rawMail({
      from: 'bob@customer.test',
      to: 'claims@contoso.test',
      subject: 'claim',
      text: 'x',
    });
    const wrongKey = await postMail(mail, 'not-the-secret');
    assert.equal(wrongKey.status, 401);
    assert.equal((await postMail(mail, null)).status, 401);
    assert.equal((await postMail(mail, secret, 'text/plain')).status, 415);
    const oversize = await postMail(
      rawMail({
        from: 'bob@customer.test',
        to: 'claims@contoso.test',
        subject: 'claim',
        text: 'x'.repeat(maxInboundBytes),
      }),
    );
    assert.equal(oversize.status, 413);
    const notMime = await postMail('hello, this is not a mail');
    assert.equal(notMime.status, 400);
    assert.equal(((await notMime.json()) as { code: string }).code, 'email.not-mime');
    assert.equal(await storedBlobs(), before);
  });
});

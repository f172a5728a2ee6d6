import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ReplyTokenDocument } from '../../shared/email/email-documents.js';
import type { InboundMail } from '../../shared/email/inbound-mail.js';
import { actOnReply, type ReplyActionPorts } from '../../shared/email/reply-actions.js';
import { replyIntent } from '../../shared/email/reply-body.js';
import { issueReplyToken, replyAddress } from '../../shared/email/reply-tokens.js';

const secret = 'a-test-secret-of-enough-length';
const domain = 'reply.caseflow.test';
const grantFields = {
  tenantId: 'contoso',
  caseId: 'case-1',
  taskId: 'case-1.review',
  userId: 'walter',
  address: 'walter@contoso.test',
};

function setup(nowIso = '2030-01-02T00:00:00.000Z') {
  const issued = issueReplyToken(
    secret,
    'notify:task-assigned:case-1.review',
    grantFields,
    new Date('2030-01-03T00:00:00.000Z'),
  );
  const grant: ReplyTokenDocument = {
    id: `reply:${issued.tokenId}`,
    type: 'reply-token',
    ...grantFields,
    expiresAt: issued.expiresAt,
  };
  const completed: unknown[] = [];
  const comments: string[] = [];
  const rejected: { reason: string; tenantId: string | undefined }[] = [];
  const ports: ReplyActionPorts = {
    secret,
    domain,
    findGrant: async (tokenId) => (tokenId === issued.tokenId ? grant : undefined),
    completeTask: async (_grant, variables) => void completed.push(variables),
    addComment: async (_grant, text) => void comments.push(text),
    reject: async (_mail, reason, tenantId) => void rejected.push({ reason, tenantId }),
    now: () => new Date(nowIso),
  };
  const mail = (to: string, text: string, from = 'walter@contoso.test'): InboundMail => ({
    id: 'm1',
    receivedAt: nowIso,
    from,
    to: [to],
    subject: 'Re: Task assigned',
    text,
  });
  return { issued, ports, completed, comments, rejected, mail, address: replyAddress(issued.token, domain) };
}

describe('email replies', () => {
  it('a reply with a valid token completes the task it was about', async () => {
    const s = setup();
    const outcome = await actOnReply(
      s.mail(s.address, 'Approve\n\nOn Mon, Caseflow wrote:\n> approve or reject'),
      s.ports,
    );
    assert.equal(outcome, 'completed');
    assert.deepEqual(s.completed, [{ approved: true }]);
    assert.deepEqual(s.rejected, []);
  });

  it('field lines in a reply become the completion variables', async () => {
    const s = setup();
    assert.equal(
      await actOnReply(s.mail(s.address.toUpperCase(), 'amount: 120\nnote: fine by me'), s.ports),
      'completed',
    );
    assert.deepEqual(s.completed, [{ amount: 120, note: 'fine by me' }]);
  });

  it('free text in a reply becomes a comment on the case', async () => {
    const s = setup();
    assert.equal(await actOnReply(s.mail(s.address, 'I need the invoice first.'), s.ports), 'commented');
    assert.deepEqual(s.comments, ['I need the invoice first.']);
    assert.deepEqual(s.completed, []);
  });

  it('a forged From without a valid token changes nothing and is logged', async () => {
    const s = setup();
    const forged = `reply+${'a'.repeat(48)}@${domain}`;
    assert.equal(await actOnReply(s.mail(forged, 'approve'), s.ports), 'rejected');
    const tampered = s.address.replace(/^reply\+(.)/, (_m, c: string) => `reply+${c === 'a' ? 'b' : 'a'}`);
    assert.equal(await actOnReply(s.mail(tampered, 'approve'), s.ports), 'rejected');
    assert.deepEqual(s.completed, []);
    assert.deepEqual(
      s.rejected.map((r) => r.reason),
      ['bad-token', 'bad-token'],
    );
  });

  it('a valid token sent from another address changes nothing', async () => {
    const s = setup();
    assert.equal(await actOnReply(s.mail(s.address, 'approve', 'mallory@evil.test'), s.ports), 'rejected');
    assert.deepEqual(s.rejected, [{ reason: 'sender-not-recipient', tenantId: 'contoso' }]);
    assert.deepEqual(s.completed, []);
  });

  it('an expired token changes nothing and is logged for the tenant', async () => {
    const s = setup('2030-01-04T00:00:00.000Z');
    assert.equal(await actOnReply(s.mail(s.address, 'approve'), s.ports), 'rejected');
    assert.deepEqual(s.rejected, [{ reason: 'expired-token', tenantId: 'contoso' }]);
    assert.deepEqual(s.completed, []);
  });

  it('a mail to another address is not a reply', async () => {
    const s = setup();
    assert.equal(await actOnReply(s.mail('claims@contoso.test', 'approve'), s.ports), 'not-a-reply');
    assert.deepEqual(s.rejected, []);
  });

  it('reply keywords and quoted text are read from the reply part only', () => {
    assert.deepEqual(replyIntent('no.\n> approve'), { kind: 'complete', variables: { approved: false } });
    assert.deepEqual(replyIntent('> approve'), { kind: 'comment', text: '' });
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inboundLimits, parseInboundMime } from '../../shared/email/inbound-mime.js';
import type { TriggerRuleDocument } from '../../shared/email/email-documents.js';
import { caseVariables, ruleMatches } from '../../shared/email/trigger-match.js';
import { safeSubjectPattern } from '../../shared/email/trigger-rules.js';
import { nestedMail, pdfBytes, rawMail } from './inbound-mail-support.js';

const receivedAt = '2030-01-02T08:00:00.000Z';
const parse = (text: string) => parseInboundMime(Buffer.from(text, 'utf8'), receivedAt);

describe('inbound MIME', () => {
  it('keeps the text of an HTML-only mail and never the markup or scripts', async () => {
    const outcome = await parse(
      rawMail({
        from: 'Bob <Bob@Customer.test>',
        to: 'claims@contoso.test',
        subject: 'Claim',
        html: '<p>Hello <b>there</b></p><script>alert("x")</script><img src="https://evil.test/t.gif">',
      }),
    );
    assert.ok(outcome.ok);
    assert.equal(outcome.mail.from, 'bob@customer.test');
    assert.deepEqual(outcome.mail.to, ['claims@contoso.test']);
    assert.match(outcome.mail.text, /Hello there/i);
    assert.doesNotMatch(outcome.mail.text, /<|script|alert/);
    assert.equal(Object.hasOwn(outcome.mail, 'html'), false);
  });

  it('accepts an allowed attachment whose bytes fit its type, and refuses others', async () => {
    const withPdf = await parse(
      rawMail({
        from: 'bob@customer.test',
        to: 'claims@contoso.test',
        subject: 'Claim',
        text: 'see attached',
        attachments: [{ name: 'claim.pdf', type: 'application/pdf', content: pdfBytes }],
      }),
    );
    assert.ok(withPdf.ok);
    assert.deepEqual(
      withPdf.attachments.map((a) => [a.name, a.contentType]),
      [['claim.pdf', 'application/pdf']],
    );
    const exe = await parse(
      rawMail({
        from: 'bob@customer.test',
        to: 'claims@contoso.test',
        subject: 'Claim',
        attachments: [{ name: 'run.exe', type: 'application/x-msdownload', content: Buffer.from('MZ') }],
      }),
    );
    assert.equal(exe.ok, false);
    const fakePdf = await parse(
      rawMail({
        from: 'bob@customer.test',
        to: 'claims@contoso.test',
        subject: 'Claim',
        attachments: [{ name: 'x.pdf', type: 'application/pdf', content: Buffer.from('MZ not a pdf') }],
      }),
    );
    assert.ok(!fakePdf.ok && /not the application\/pdf/.test(fakePdf.reason));
    const many = await parse(
      rawMail({
        from: 'bob@customer.test',
        to: 'claims@contoso.test',
        subject: 'Claim',
        attachments: Array.from({ length: inboundLimits.maxAttachments + 1 }, (_, i) => ({
          name: `${i}.txt`,
          type: 'text/plain',
          content: Buffer.from('x'),
        })),
      }),
    );
    assert.ok(!many.ok && many.reason === 'too many attachments');
  });

  it('refuses text that is not MIME, broken headers, a missing From and deeply nested parts', async () => {
    const notMime = await parse('just some text\nwithout headers');
    assert.ok(!notMime.ok && notMime.code === 'email.not-mime');
    const broken = await parse('From: a@b.test\r\nthis is no header\r\n\r\nbody');
    assert.ok(!broken.ok && broken.code === 'email.not-mime');
    const noFrom = await parse('To: claims@contoso.test\r\nSubject: x\r\n\r\nbody');
    assert.ok(!noFrom.ok && noFrom.reason === 'no From address');
    const bomb = await parse(nestedMail(inboundLimits.maxMultiparts + 5));
    assert.ok(!bomb.ok && bomb.code === 'email.mail-refused' && bomb.reason === 'too many nested parts');
  });

  it('gives a re-posted mail (same sender and Message-ID) the same id', async () => {
    const mail = (text: string) =>
      parse(
        rawMail({
          from: 'bob@customer.test',
          to: 'c@contoso.test',
          subject: 's',
          text,
          messageId: '<m1@x.test>',
        }),
      );
    const [first, second] = await Promise.all([mail('a'), mail('b')]);
    assert.ok(first.ok && second.ok);
    assert.equal(first.mail.id, second.mail.id);
  });
});

describe('trigger rules', () => {
  const rule: TriggerRuleDocument = {
    id: 'trigger:claims',
    type: 'trigger',
    tenantId: 'contoso',
    name: 'claims',
    recipient: 'claims@contoso.test',
    senderDomains: ['customer.test'],
    subjectContains: 'claim',
    subjectPattern: '^new claim \\d+$',
    processKey: 'intake',
    variables: { customer: 'mail.from', shout: 'upper case(mail.subject)' },
    updatedBy: 'alice',
    updatedAt: receivedAt,
  };
  const mail = {
    id: 'm',
    receivedAt,
    from: 'bob@customer.test',
    to: ['claims@contoso.test'],
    subject: 'New claim 42',
    text: 'hi',
  };

  it('match on recipient, sender domain, subject text and pattern', () => {
    assert.equal(ruleMatches(rule, mail), true);
    assert.equal(ruleMatches(rule, { ...mail, from: 'eve@elsewhere.test' }), false);
    assert.equal(ruleMatches(rule, { ...mail, to: ['other@contoso.test'] }), false);
    assert.equal(ruleMatches(rule, { ...mail, subject: 'New claim x' }), false);
  });

  it('map the mail to case variables with FEEL', () => {
    const mapped = caseVariables(rule, mail, ['1-claim.pdf']);
    assert.ok(mapped.ok);
    assert.equal(mapped.variables.customer, 'bob@customer.test');
    assert.equal(mapped.variables.shout, 'NEW CLAIM 42');
    assert.deepEqual((mapped.variables.email as { attachments: string[] }).attachments, ['1-claim.pdf']);
  });

  it('refuse long patterns and nested quantifiers', () => {
    assert.equal(typeof safeSubjectPattern('(a+)+$'), 'string');
    assert.equal(typeof safeSubjectPattern('x'.repeat(201)), 'string');
    assert.equal(typeof safeSubjectPattern('[unclosed'), 'string');
    assert.ok(safeSubjectPattern('^claim \\d+') instanceof RegExp);
  });
});

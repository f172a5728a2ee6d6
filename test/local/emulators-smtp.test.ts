import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import nodemailer from 'nodemailer';
import { listMail, readMail } from '../../local/emulators/mailbox.js';
import { startSmtp, type RunningSmtp } from '../../local/emulators/smtp.js';
import { makeTempDir } from '../support/temp-dir.js';

describe('local SMTP server', () => {
  const dataDir = makeTempDir('smtp');
  let smtp: RunningSmtp;

  before(async () => {
    smtp = await startSmtp({ dataDir: dataDir.path });
  });
  after(async () => {
    await smtp.stop();
    dataDir.remove();
  });

  it('accepts mail sent with credentials and stores it, raw and parsed', async () => {
    const transport = nodemailer.createTransport({
      host: smtp.host,
      port: smtp.port,
      secure: false,
      auth: { user: 'caseflow', pass: 'anything' },
    });
    const sent = await transport.sendMail({
      from: 'caseflow@example.test',
      to: ['clerk@example.test', 'lead@example.test'],
      subject: 'Order 42 approved',
      text: 'The order was approved.',
    });
    const mail = listMail(dataDir.path);
    assert.equal(mail.length, 1);
    assert.equal(mail[0]?.subject, 'Order 42 approved');
    assert.equal(mail[0]?.messageId, sent.messageId);
    assert.deepEqual(mail[0]?.envelope, {
      from: 'caseflow@example.test',
      to: ['clerk@example.test', 'lead@example.test'],
    });
    assert.equal(mail[0]?.text?.trim(), 'The order was approved.');
    const stored = readMail(dataDir.path, mail[0]!.id);
    assert.match(stored?.raw.toString('utf8') ?? '', /^Subject: Order 42 approved\r?$/m);
  });

  it('serves the received mail over HTTP: list, one message, raw message', async () => {
    const transport = nodemailer.createTransport({ host: smtp.host, port: smtp.port, secure: false });
    await transport.sendMail({ from: 'a@example.test', to: 'b@example.test', subject: 'Second', text: 'hi' });
    const list = (await (await fetch(smtp.mailboxUrl)).json()) as { id: string; subject: string }[];
    assert.deepEqual(
      list.map((each) => each.subject),
      ['Order 42 approved', 'Second'],
    );
    const one = (await (await fetch(`${smtp.mailboxUrl}/${list[1]!.id}`)).json()) as { subject: string };
    assert.equal(one.subject, 'Second');
    const raw = await fetch(`${smtp.mailboxUrl}/${list[1]!.id}.eml`);
    assert.equal(raw.headers.get('content-type'), 'message/rfc822');
    assert.match(await raw.text(), /^Subject: Second\r?$/m);
    assert.equal((await fetch(`${smtp.mailboxUrl}/..%2Fsecrets`)).status, 404);
  });
});

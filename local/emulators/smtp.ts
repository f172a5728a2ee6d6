/**
 * The local mail server: `smtp-server` on loopback, accepting any sender, any recipient and any credentials (or
 * none), storing every message in the mailbox. A small HTTP endpoint lets a user read what was sent:
 * `GET /mail` (list), `GET /mail/<id>` (one message, parsed), `GET /mail/<id>.eml` (raw).
 */
import { createServer, type ServerResponse } from 'node:http';
import { SMTPServer } from 'smtp-server';
import { close, listen, loopbackHost } from './listen.js';
import { listMail, readMail, storeMail } from './mailbox.js';

export const standardSmtpPorts = { smtp: 2525, mailbox: 8025 } as const;
const maxMessageBytes = 25 * 1024 * 1024;

export interface RunningSmtp {
  readonly host: string;
  readonly port: number;
  /** Base URL of the mailbox endpoint, e.g. `http://127.0.0.1:8025/mail`. */
  readonly mailboxUrl: string;
  stop(): Promise<void>;
}

export async function startSmtp(options: {
  dataDir: string;
  ports?: { smtp: number; mailbox: number };
}): Promise<RunningSmtp> {
  const smtp = new SMTPServer({
    // Plain SMTP on loopback: no certificate for clients to trust, nothing leaves the machine.
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    allowInsecureAuth: true,
    onAuth: (auth, _session, callback) => callback(null, { user: auth.username ?? 'local' }),
    size: maxMessageBytes,
    logger: false,
    closeTimeout: 1000,
    onData: (stream, session, callback) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (stream.sizeExceeded) {
          callback(Object.assign(new Error('Message too large'), { responseCode: 552 }));
          return;
        }
        const envelope = {
          from: session.envelope.mailFrom === false ? null : session.envelope.mailFrom.address,
          to: session.envelope.rcptTo.map((recipient) => recipient.address),
        };
        storeMail(options.dataDir, Buffer.concat(chunks), envelope).then(
          () => callback(),
          (error: Error) => callback(error),
        );
      });
    },
  });
  // smtp-server re-emits its listener's errors and each connection's (a client hanging up mid-session) on itself;
  // a failed listen already rejects startSmtp below, and a broken connection only concerns its client.
  smtp.on('error', () => undefined);
  const mailbox = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://mailbox');
    serveMailbox(options.dataDir, request.method ?? 'GET', url.pathname, response);
  });
  const [port, mailboxPort] = await Promise.all([
    listen(smtp.server, options.ports?.smtp ?? 0),
    listen(mailbox, options.ports?.mailbox ?? 0),
  ]);
  return {
    host: loopbackHost,
    port,
    mailboxUrl: `http://${loopbackHost}:${mailboxPort}/mail`,
    stop: async () => {
      await Promise.all([new Promise<void>((resolve) => smtp.close(() => resolve())), close(mailbox)]);
    },
  };
}

function serveMailbox(dataDir: string, method: string, pathname: string, response: ServerResponse): void {
  const json = (status: number, body: unknown): void => {
    response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    response.end(JSON.stringify(body, null, 2));
  };
  if (method !== 'GET') return json(405, { error: 'read-only mailbox' });
  if (pathname === '/' || pathname === '/mail') return json(200, listMail(dataDir));
  const match = /^\/mail\/([^/]+?)(\.eml)?$/.exec(pathname);
  const found = match === null ? undefined : readMail(dataDir, match[1]!);
  if (found === undefined) return json(404, { error: 'no such message' });
  if (match![2] === undefined) return json(200, found.mail);
  response.writeHead(200, { 'content-type': 'message/rfc822' });
  response.end(found.raw);
}

/**
 * The local mailbox: every message the local SMTP server accepts, as `<dataDir>/mail/<id>.eml` (the raw message)
 * and `<id>.json` (envelope and parsed headers). The JSON is written last, so a listed message is complete.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { simpleParser, type AddressObject } from 'mailparser';
import { writeFileAtomically } from './atomic-file.js';

export interface ReceivedMail {
  /** Sortable by arrival: `<milliseconds>-<random>`. */
  readonly id: string;
  readonly receivedAt: string;
  readonly envelope: { readonly from: string | null; readonly to: string[] };
  readonly from: string | null;
  readonly to: string[];
  readonly subject: string | null;
  readonly messageId: string | null;
  readonly text: string | null;
}

const mailIdPattern = /^\d+-[0-9a-f]{8}$/;

export function mailDirectory(dataDir: string): string {
  return path.join(dataDir, 'mail');
}

export async function storeMail(
  dataDir: string,
  raw: Buffer,
  envelope: ReceivedMail['envelope'],
): Promise<ReceivedMail> {
  const directory = mailDirectory(dataDir);
  mkdirSync(directory, { recursive: true });
  const id = `${Date.now()}-${randomUUID().slice(0, 8)}`;
  const parsed = await simpleParser(raw);
  const mail: ReceivedMail = {
    id,
    receivedAt: new Date().toISOString(),
    envelope,
    from: parsed.from?.text ?? null,
    to: addresses(parsed.to),
    subject: parsed.subject ?? null,
    messageId: parsed.messageId ?? null,
    text: parsed.text ?? null,
  };
  writeFileAtomically(path.join(directory, `${id}.eml`), raw);
  writeFileAtomically(path.join(directory, `${id}.json`), JSON.stringify(mail, null, 2));
  return mail;
}

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  if (field === undefined) return [];
  return (Array.isArray(field) ? field : [field]).flatMap((each) =>
    each.value.map((address) => address.address ?? '').filter((address) => address !== ''),
  );
}

/** Every received message, oldest first. */
export function listMail(dataDir: string): ReceivedMail[] {
  const directory = mailDirectory(dataDir);
  if (!existsSync(directory)) return [];
  return readdirSync(directory)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => JSON.parse(readFileSync(path.join(directory, file), 'utf8')) as ReceivedMail);
}

/** One message and its raw text, or undefined for an unknown (or malformed) id. */
export function readMail(dataDir: string, id: string): { mail: ReceivedMail; raw: Buffer } | undefined {
  if (!mailIdPattern.test(id)) return undefined;
  const base = path.join(mailDirectory(dataDir), id);
  if (!existsSync(`${base}.json`)) return undefined;
  return {
    mail: JSON.parse(readFileSync(`${base}.json`, 'utf8')) as ReceivedMail,
    raw: readFileSync(`${base}.eml`),
  };
}

/**
 * Reads a raw MIME message (untrusted) into an `InboundMail`: text only (HTML is converted to text by
 * mailparser and never kept), recipients from To, Cc, Delivered-To and X-Original-To, attachments checked
 * against a type allow-list and a size limit. The structure is checked before parsing, so nested-part
 * bombs and header floods are refused cheaply. Bad input is an outcome with a reason, never an exception.
 */
import { createHash } from 'node:crypto';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { documentMediaTypes, matchesSignature } from '../http/file-signatures.js';
import { isCaseFileName } from './case-files.js';
import { isMailAddress } from './email-settings.js';
import { htmlToPlainText } from './html-text.js';
import type { InboundMail } from './inbound-mail.js';

export const inboundLimits = {
  maxHeaderBytes: 64 * 1024,
  maxParts: 50,
  maxMultiparts: 10,
  maxAttachments: 10,
  maxAttachmentBytes: 5 * 1024 * 1024,
  maxTextChars: 100_000,
  maxSubjectChars: 998,
  maxRecipients: 50,
} as const;

/** Attachment types a mail may carry; anything else (executables, archives, nested mails) is refused. */
export const allowedAttachmentTypes = documentMediaTypes;

export interface ParsedAttachment {
  readonly name: string;
  readonly contentType: string;
  readonly content: Buffer;
}

export type MimeOutcome =
  | { readonly ok: true; readonly mail: InboundMail; readonly attachments: readonly ParsedAttachment[] }
  | { readonly ok: false; readonly code: 'email.not-mime' | 'email.mail-refused'; readonly reason: string };

const refused = (reason: string): MimeOutcome => ({ ok: false, code: 'email.mail-refused', reason });
const notMime = (reason: string): MimeOutcome => ({ ok: false, code: 'email.not-mime', reason });

export async function parseInboundMime(raw: Buffer, receivedAt: string): Promise<MimeOutcome> {
  const structure = checkStructure(raw);
  if (structure) return structure;
  let parsed: ParsedMail;
  try {
    parsed = await simpleParser(raw, {
      skipTextToHtml: true,
      skipImageLinks: true,
      maxHtmlLengthToParse: 1_000_000,
    });
  } catch {
    return notMime('the message could not be parsed');
  }
  const from = addresses(parsed.from)[0];
  if (from === undefined || !isMailAddress(from)) return notMime('no From address');
  const to = [
    ...new Set([
      ...addresses(parsed.to),
      ...addresses(parsed.cc),
      ...headerAddresses(parsed, 'delivered-to'),
      ...headerAddresses(parsed, 'x-original-to'),
    ]),
  ];
  if (to.length === 0) return notMime('no recipient address');
  if (to.length > inboundLimits.maxRecipients) return refused('too many recipients');
  if (parsed.attachments.length > inboundLimits.maxAttachments) return refused('too many attachments');
  const attachments: ParsedAttachment[] = [];
  for (const [index, attachment] of parsed.attachments.entries()) {
    const contentType = attachment.contentType.toLowerCase();
    if (!allowedAttachmentTypes.includes(contentType))
      return refused(`attachment type ${contentType} is not allowed`);
    if (attachment.size > inboundLimits.maxAttachmentBytes) return refused('an attachment is too large');
    if (!matchesSignature(contentType, attachment.content)) {
      return refused(`an attachment is not the ${contentType} it claims to be`);
    }
    const name =
      attachment.filename && isCaseFileName(attachment.filename)
        ? attachment.filename
        : `attachment-${index + 1}`;
    attachments.push({ name, contentType, content: attachment.content });
  }
  const messageId = parsed.messageId?.slice(0, 998);
  const mail: InboundMail = {
    id: inboundMailId(from, messageId, raw),
    receivedAt,
    from,
    to,
    subject: (parsed.subject ?? '').slice(0, inboundLimits.maxSubjectChars),
    text: bodyText(parsed).slice(0, inboundLimits.maxTextChars),
    ...(messageId ? { messageId } : {}),
  };
  return { ok: true, mail, attachments };
}

/** The text part, else the HTML part as text (the HTML itself is never kept). */
function bodyText(parsed: ParsedMail): string {
  if (parsed.text !== undefined && parsed.text.trim() !== '') return parsed.text;
  return typeof parsed.html === 'string' ? htmlToPlainText(parsed.html.slice(0, 1_000_000)) : '';
}

/** The same mail posted again (same sender and Message-ID, or the same bytes) gets the same id. */
export function inboundMailId(from: string, messageId: string | undefined, raw: Buffer): string {
  const hash = createHash('sha256');
  if (messageId) hash.update(`${from}\n${messageId}`);
  else hash.update(raw);
  return hash.digest('hex').slice(0, 40);
}

/** A header block of header lines ended by a blank line, and a bounded count of (multi)parts. */
function checkStructure(raw: Buffer): MimeOutcome | undefined {
  const head = raw.subarray(0, inboundLimits.maxHeaderBytes + 4).toString('latin1');
  const end = head.search(/\r?\n\r?\n/);
  if (end < 0)
    return head.length > inboundLimits.maxHeaderBytes
      ? refused('the header is too large')
      : notMime('no header block');
  const lines = head.slice(0, end).split(/\r?\n/);
  if (!/^[!-9;-~]+:/.test(lines[0] ?? '')) return notMime('the message does not start with a header');
  for (const line of lines) {
    if (!/^[!-9;-~]+:/.test(line) && !/^[ \t]/.test(line)) return notMime('a header line is malformed');
    if (line.length > 998) return refused('a header line is too long');
  }
  const text = raw.toString('latin1');
  const parts = text.match(/^content-type:/gim)?.length ?? 0;
  const multiparts = text.match(/^content-type:[ \t]*(multipart|message)\//gim)?.length ?? 0;
  if (parts > inboundLimits.maxParts) return refused('too many parts');
  if (multiparts > inboundLimits.maxMultiparts) return refused('too many nested parts');
  return undefined;
}

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  if (field === undefined) return [];
  return (Array.isArray(field) ? field : [field])
    .flatMap((each) => flatten(each.value))
    .map((address) => address.toLowerCase());
}

function flatten(values: AddressObject['value']): string[] {
  return values.flatMap((value) => [
    ...(value.address ? [value.address] : []),
    ...(value.group ? flatten(value.group) : []),
  ]);
}

function headerAddresses(parsed: ParsedMail, name: string): string[] {
  const value = parsed.headers.get(name);
  const texts = Array.isArray(value) ? value : [value];
  return texts
    .flatMap((text) => (typeof text === 'string' ? text.split(',') : []))
    .map((text) => text.trim().replace(/^<|>$/g, '').toLowerCase())
    .filter((text) => isMailAddress(text));
}

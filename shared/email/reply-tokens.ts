/**
 * Reply tokens: `reply+<token>@<reply domain>` on a notification lets a reply act on the task (or case) it
 * was about. The token is 48 base32 characters (fits an address's 64-character local part): a token id
 * (HMAC of the tenant and the notification key, so a resent notification carries the same address), the
 * expiry in minutes, and an HMAC over the id, the expiry and what the reply may change (tenant, case, task,
 * user, address). The stored `reply:<id>` document says what that is; without the secret nobody can make
 * a token that matches it, and a From header plays no part in it.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { base32Decode, base32Encode } from './base32.js';
import type { ReplyTokenDocument } from './email-documents.js';

const idBytes = 10;
const macBytes = 16;
const tokenBytes = idBytes + 4 + macBytes;

export type ReplyGrant = Pick<
  ReplyTokenDocument,
  'tenantId' | 'caseId' | 'taskId' | 'userId' | 'address' | 'expiresAt'
>;

export interface IssuedToken {
  readonly token: string;
  readonly tokenId: string;
  readonly expiresAt: string;
}

function mac(secret: string, tokenId: string, expiryMinutes: number, grant: ReplyGrant): Buffer {
  const fields = [
    tokenId,
    expiryMinutes,
    grant.tenantId,
    grant.caseId,
    grant.taskId ?? '',
    grant.userId,
    grant.address.toLowerCase(),
  ];
  return createHmac('sha256', secret)
    .update(`mac\n${fields.join('\n')}`)
    .digest()
    .subarray(0, macBytes);
}

/** The token for a grant; `expiresAt` is rounded down to the minute. */
export function issueReplyToken(
  secret: string,
  key: string,
  grant: Omit<ReplyGrant, 'expiresAt'>,
  expiresAt: Date,
): IssuedToken {
  const id = createHmac('sha256', secret)
    .update(`id\n${grant.tenantId}\n${key}`)
    .digest()
    .subarray(0, idBytes);
  const tokenId = id.toString('hex');
  const expiryMinutes = Math.floor(expiresAt.getTime() / 60_000);
  const expiry = Buffer.alloc(4);
  expiry.writeUInt32BE(expiryMinutes);
  const rounded = new Date(expiryMinutes * 60_000).toISOString();
  const signature = mac(secret, tokenId, expiryMinutes, { ...grant, expiresAt: rounded });
  return { token: base32Encode(Buffer.concat([id, expiry, signature])), tokenId, expiresAt: rounded };
}

export interface ParsedToken {
  readonly tokenId: string;
  readonly expiryMinutes: number;
  readonly signature: Buffer;
}

/** The parts of a token's text, or undefined when it is not one. */
export function parseReplyToken(text: string): ParsedToken | undefined {
  const bytes = base32Decode(text);
  if (!bytes || bytes.length !== tokenBytes) return undefined;
  const buffer = Buffer.from(bytes);
  return {
    tokenId: buffer.subarray(0, idBytes).toString('hex'),
    expiryMinutes: buffer.readUInt32BE(idBytes),
    signature: buffer.subarray(idBytes + 4),
  };
}

export type TokenCheck = 'valid' | 'bad-signature' | 'expired';

/** Checks a parsed token against the grant stored under its id, at `now`. */
export function checkReplyToken(
  secret: string,
  parsed: ParsedToken,
  grant: ReplyGrant,
  now: Date,
): TokenCheck {
  const expected = mac(secret, parsed.tokenId, parsed.expiryMinutes, grant);
  if (!timingSafeEqual(expected, parsed.signature)) return 'bad-signature';
  if (new Date(grant.expiresAt).getTime() !== parsed.expiryMinutes * 60_000) return 'bad-signature';
  return now.getTime() >= parsed.expiryMinutes * 60_000 ? 'expired' : 'valid';
}

/** The token in a `reply+<token>@<domain>` address to the reply domain, if any. */
export function tokenInAddress(address: string, replyDomain: string): string | undefined {
  const match = /^reply\+([a-z2-7]{48})@(.+)$/i.exec(address.trim());
  return match && match[2]?.toLowerCase() === replyDomain.toLowerCase() ? match[1]?.toLowerCase() : undefined;
}

export function replyAddress(token: string, replyDomain: string): string {
  return `reply+${token}@${replyDomain}`;
}

/**
 * Replies to notifications: the `reply+<token>@<domain>` recipient names a stored grant; only a token whose
 * HMAC matches the grant, that has not expired, sent from the address the grant names, acts: it completes
 * the task as the grant's user (approve/reject or fields) or adds a comment to the case. A From header alone
 * never authorises anything; every mail that acts on nothing is recorded as rejected with the reason.
 */
import type { Variables } from '../engine/index.js';
import type { ReplyTokenDocument } from './email-documents.js';
import type { InboundMail } from './inbound-mail.js';
import { replyIntent } from './reply-body.js';
import { checkReplyToken, parseReplyToken, tokenInAddress } from './reply-tokens.js';

export interface ReplyActionPorts {
  readonly secret: string;
  readonly domain: string;
  /** The grant stored under a token id, whatever its tenant (a cross-partition read). */
  findGrant(tokenId: string): Promise<ReplyTokenDocument | undefined>;
  completeTask(grant: ReplyTokenDocument, variables: Variables): Promise<void>;
  addComment(grant: ReplyTokenDocument, text: string): Promise<void>;
  /** Records the mail for the admin; `tenantId` is unknown when no grant was found. */
  reject(mail: InboundMail, reason: string, tenantId?: string): Promise<void>;
  readonly now: () => Date;
}

export type ReplyOutcome = 'not-a-reply' | 'completed' | 'commented' | 'rejected';

export async function actOnReply(mail: InboundMail, ports: ReplyActionPorts): Promise<ReplyOutcome> {
  const tokens = mail.to
    .map((address) => tokenInAddress(address, ports.domain))
    .filter((t) => t !== undefined);
  const replyAddressed = mail.to.some((address) => address.toLowerCase().startsWith('reply+'));
  if (tokens.length === 0) {
    if (!replyAddressed) return 'not-a-reply';
    await ports.reject(mail, 'bad-token');
    return 'rejected';
  }
  const parsed = parseReplyToken(tokens[0] ?? '');
  const grant = parsed && (await ports.findGrant(parsed.tokenId));
  if (!parsed || !grant) {
    await ports.reject(mail, 'bad-token');
    return 'rejected';
  }
  const check = checkReplyToken(ports.secret, parsed, grant, ports.now());
  if (check !== 'valid') {
    await ports.reject(mail, check === 'expired' ? 'expired-token' : 'bad-token', grant.tenantId);
    return 'rejected';
  }
  if (mail.from !== grant.address.toLowerCase()) {
    await ports.reject(mail, 'sender-not-recipient', grant.tenantId);
    return 'rejected';
  }
  const intent = replyIntent(mail.text);
  if (intent.kind === 'complete' && grant.taskId !== undefined) {
    await ports.completeTask(grant, intent.variables);
    return 'completed';
  }
  const text = intent.kind === 'comment' ? intent.text : mail.text;
  if (text.trim() === '') {
    await ports.reject(mail, 'empty-reply', grant.tenantId);
    return 'rejected';
  }
  await ports.addComment(grant, text);
  return 'commented';
}

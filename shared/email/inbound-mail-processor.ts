/**
 * What an accepted inbound mail does (the `email-inbound` queue function's work): a reply to a
 * `reply+<token>` address acts on its task or case (`actOnReply`); else the trigger rules of the tenant
 * that owns the recipient address may start a case (deterministic case id `mail-<mail id>`, attachments
 * copied to the case's files first). Everything else changes nothing and is recorded as rejected with its
 * reason (in the tenant's list when the tenant is known, else only in the log). Repeated delivery is
 * harmless: the case id, the task completion and the comment id derive from the mail.
 */
import { CaseflowError } from '../errors/caseflow-error.js';
import type { Variables } from '../engine/index.js';
import type { CaseFiles } from './case-files.js';
import type { ReplyTokenDocument, TriggerRuleDocument } from './email-documents.js';
import type { InboundMail, InboundMailStore } from './inbound-mail.js';
import { actOnReply } from './reply-actions.js';
import { caseVariables, ruleMatches } from './trigger-match.js';

/** Errors of the Tasks and Cases paths that mean "this reply cannot act", not "try again". */
const refusals: Readonly<Record<string, string>> = {
  'http.validation-failed': 'invalid-fields',
  'tasks.closed': 'task-closed',
  'tasks.not-found': 'task-not-found',
  'cases.not-found': 'case-not-found',
  'cases.closed': 'case-closed',
  'auth.forbidden': 'not-allowed',
  'cases.process-not-found': 'process-not-found',
};

export interface InboundProcessorPorts {
  readonly store: InboundMailStore;
  /** Reply token settings; absent: no tokens were issued, so a reply acts on nothing. */
  readonly replies?: { readonly secret: string; readonly domain: string };
  findGrant(tokenId: string): Promise<ReplyTokenDocument | undefined>;
  completeTask(grant: ReplyTokenDocument, variables: Variables): Promise<void>;
  addComment(grant: ReplyTokenDocument, text: string, mail: InboundMail): Promise<void>;
  /** The trigger rules (of whichever tenant) whose recipient is one of `recipients` (a cross-partition read). */
  triggersFor(recipients: readonly string[]): Promise<TriggerRuleDocument[]>;
  startCase(rule: TriggerRuleDocument, caseId: string, variables: Variables): Promise<void>;
  readonly files: CaseFiles;
  /** Stores the rejected-mail record in the tenant's list. */
  recordRejected(mail: InboundMail, reason: string, tenantId: string): Promise<void>;
  log(message: string): void;
  readonly now: () => Date;
}

export type InboundOutcome = 'missing' | 'completed' | 'commented' | 'started' | 'rejected';

export async function processInboundMail(
  mailId: string,
  ports: InboundProcessorPorts,
): Promise<InboundOutcome> {
  const mail = await ports.store.readMail(mailId);
  if (!mail) {
    ports.log(`Inbound mail ${mailId} is not stored; nothing to do.`);
    return 'missing';
  }
  let refused = false;
  const reject = async (reason: string, tenantId?: string) => {
    refused = true;
    if (tenantId !== undefined) await ports.recordRejected(mail, reason, tenantId);
    else ports.log(`Inbound mail ${mail.id} from ${mail.from} was rejected: ${reason} (no tenant known).`);
  };
  const refusing = async (grant: ReplyTokenDocument, act: () => Promise<void>) => {
    try {
      await act();
    } catch (error) {
      const reason = error instanceof CaseflowError ? refusals[error.code] : undefined;
      if (reason === undefined) throw error;
      await reject(reason, grant.tenantId);
    }
  };
  if (ports.replies) {
    const outcome = await actOnReply(mail, {
      ...ports.replies,
      findGrant: (tokenId) => ports.findGrant(tokenId),
      completeTask: (grant, variables) => refusing(grant, () => ports.completeTask(grant, variables)),
      addComment: (grant, text) => refusing(grant, () => ports.addComment(grant, text, mail)),
      reject: (_mail, reason, tenantId) => reject(reason, tenantId),
      now: ports.now,
    });
    if (outcome !== 'not-a-reply') return refused ? 'rejected' : outcome;
  } else if (mail.to.some((address) => address.startsWith('reply+'))) {
    await reject('replies-not-configured');
    return 'rejected';
  }
  return startByTrigger(mail, ports, reject);
}

async function startByTrigger(
  mail: InboundMail,
  ports: InboundProcessorPorts,
  reject: (reason: string, tenantId?: string) => Promise<void>,
): Promise<InboundOutcome> {
  const rules = (await ports.triggersFor(mail.to)).sort((a, b) => a.name.localeCompare(b.name));
  const tenantId = rules[0]?.tenantId;
  if (tenantId === undefined) {
    await reject('no-trigger-for-recipient');
    return 'rejected';
  }
  const tenantRules = rules.filter((rule) => rule.tenantId === tenantId);
  const rule = tenantRules.find((candidate) => ruleMatches(candidate, mail));
  if (!rule) {
    const domain = mail.from.slice(mail.from.lastIndexOf('@') + 1);
    const senderKnown = tenantRules.some(
      (r) => r.senderDomains.length === 0 || r.senderDomains.includes(domain),
    );
    await reject(senderKnown ? 'no-matching-rule' : 'sender-not-allowed', tenantId);
    return 'rejected';
  }
  const caseId = `mail-${mail.id}`;
  const names: string[] = [];
  for (const attachment of mail.attachments ?? []) {
    const content = await ports.store.readAttachment(attachment.blob);
    if (!content) continue;
    const name = attachment.blob.slice(attachment.blob.lastIndexOf('/') + 1);
    await ports.files.write(tenantId, caseId, name, { content, contentType: attachment.contentType });
    names.push(name);
  }
  const mapped = caseVariables(rule, mail, names);
  if (!mapped.ok) {
    await reject(`mapping-failed: ${mapped.reason}`, tenantId);
    return 'rejected';
  }
  try {
    await ports.startCase(rule, caseId, mapped.variables);
  } catch (error) {
    if (error instanceof CaseflowError && refusals[error.code] !== undefined) {
      await reject(refusals[error.code] ?? error.code, tenantId);
      return 'rejected';
    }
    throw error;
  }
  return 'started';
}

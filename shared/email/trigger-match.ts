/**
 * Whether a trigger rule takes an inbound mail, and the variables of the case it starts: `email` (from,
 * to, subject, text, receivedAt, attachments: the case file names) and the rule's FEEL mappings over `mail`.
 */
import type { Variables } from '../engine/index.js';
import { evaluateFeel } from '../expressions/feel-evaluate.js';
import type { TriggerRuleDocument } from './email-documents.js';
import type { InboundMail } from './inbound-mail.js';
import { safeSubjectPattern } from './trigger-rules.js';

export function ruleMatches(rule: TriggerRuleDocument, mail: InboundMail): boolean {
  if (!mail.to.includes(rule.recipient)) return false;
  const senderDomain = mail.from.slice(mail.from.lastIndexOf('@') + 1);
  if (rule.senderDomains.length > 0 && !rule.senderDomains.includes(senderDomain)) return false;
  const subject = mail.subject.toLowerCase();
  if (rule.subjectContains !== undefined && !subject.includes(rule.subjectContains.toLowerCase()))
    return false;
  if (rule.bodyContains !== undefined && !mail.text.toLowerCase().includes(rule.bodyContains.toLowerCase())) {
    return false;
  }
  if (rule.subjectPattern !== undefined) {
    const pattern = safeSubjectPattern(rule.subjectPattern);
    if (typeof pattern === 'string' || !pattern.test(mail.subject)) return false;
  }
  return true;
}

export type MappedVariables =
  { readonly ok: true; readonly variables: Variables } | { readonly ok: false; readonly reason: string };

export function caseVariables(
  rule: TriggerRuleDocument,
  mail: InboundMail,
  attachments: readonly string[],
): MappedVariables {
  const email = {
    from: mail.from,
    to: [...mail.to],
    subject: mail.subject,
    text: mail.text,
    receivedAt: mail.receivedAt,
    attachments: [...attachments],
  };
  const variables: Record<string, unknown> = { email };
  for (const [name, expression] of Object.entries(rule.variables)) {
    const value = evaluateFeel(expression, { mail: email }, mail.receivedAt);
    if (!value.ok) return { ok: false, reason: `variable ${name}: ${value.message}` };
    variables[name] = value.value;
  }
  return { ok: true, variables: variables as Variables };
}

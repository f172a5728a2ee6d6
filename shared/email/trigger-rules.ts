/**
 * A tenant's trigger rules (`trigger:<name>` in the `email` container): which mails start a case of which
 * process. A rule's recipient address belongs to one tenant only (checked across tenants when it is
 * stored), so the address a mail was sent to names the tenant. Regular expressions are short and free of
 * nested quantifiers, and only ever run on a subject of bounded length.
 */
import { checkFeelExpression } from '../expressions/feel-syntax.js';
import { CaseflowError } from '../errors/caseflow-error.js';
import { validationFailed } from '../http/body.js';
import type { Stored, TenantRepository } from '../storage/tenant-repository.js';
import { without } from '../storage/stored-document.js';
import type { EmailDocument, TriggerRuleDocument } from './email-documents.js';
import { isMailAddress } from './email-settings.js';

export type TriggerRuleView = Omit<TriggerRuleDocument, 'id' | 'type' | 'tenantId'>;

/** Which tenant, if any other, already uses an address for its rules (a cross-partition read). */
export type AddressOwner = (recipient: string) => Promise<string | undefined>;

const namePattern = /^[A-Za-z0-9_-]{1,64}$/;
const domainPattern = /^[a-z0-9.-]+\.[a-z]{2,}$/i;
const variablePattern = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const maxTextChars = 200;
const maxPatternChars = 200;
const maxDomains = 100;
const maxVariables = 50;
const maxRules = 200;

/** A group or class followed by a quantifier, itself quantified inside: `(a+)+`, `(\w*)*`: catastrophic backtracking. */
const nestedQuantifier = /\((?:[^()\\]|\\.)*[+*}](?:[^()\\]|\\.)*\)\s*[+*{]/;

export function safeSubjectPattern(pattern: string): RegExp | string {
  if (pattern.length > maxPatternChars) return `at most ${maxPatternChars} characters`;
  if (nestedQuantifier.test(pattern)) return 'must not nest quantifiers';
  try {
    return new RegExp(pattern, 'i');
  } catch {
    return 'is not a valid regular expression';
  }
}

export class TriggerRules {
  constructor(
    private readonly repository: TenantRepository<EmailDocument>,
    private readonly addressOwner: AddressOwner,
    private readonly now: () => Date,
  ) {}

  async list(): Promise<TriggerRuleView[]> {
    const rules = await this.repository.queryAll({ where: "c.type = 'trigger'", orderBy: 'c.name' });
    return rules.map((rule) => view(rule as Stored<TriggerRuleDocument>));
  }

  async get(name: string): Promise<TriggerRuleView> {
    return view(await this.stored(name));
  }

  async put(name: string, body: unknown, userId: string): Promise<TriggerRuleView> {
    if (!namePattern.test(name))
      throw validationFailed([{ field: 'name', message: 'letters, digits, - and _ (1 to 64)' }]);
    const rule = parseRule(body);
    const owner = await this.addressOwner(rule.recipient);
    if (owner !== undefined && owner !== this.repository.tenantId) {
      throw new CaseflowError('email.trigger-address-taken', `The address ${rule.recipient} is in use.`, {
        recipient: rule.recipient,
      });
    }
    const document: TriggerRuleDocument = {
      ...rule,
      id: `trigger:${name}`,
      type: 'trigger',
      tenantId: this.repository.tenantId,
      name,
      updatedBy: userId,
      updatedAt: this.now().toISOString(),
    };
    const existing = await this.repository.read(document.id);
    if (existing) await this.repository.replace(without(document, 'tenantId'), existing._etag);
    else {
      const count = (await this.repository.queryAll({ where: "c.type = 'trigger'" })).length;
      if (count >= maxRules)
        throw validationFailed([{ field: 'name', message: `at most ${maxRules} rules` }]);
      await this.repository.create(without(document, 'tenantId'));
    }
    return this.get(name);
  }

  async remove(name: string): Promise<void> {
    const stored = await this.stored(name);
    await this.repository.delete(stored.id, stored._etag);
  }

  private async stored(name: string): Promise<Stored<TriggerRuleDocument>> {
    const stored = await this.repository.read(`trigger:${name}`);
    if (stored?.type !== 'trigger') {
      throw new CaseflowError('email.trigger-not-found', `No trigger rule ${name}.`, { name });
    }
    return stored;
  }
}

type RuleFields = Omit<TriggerRuleDocument, 'id' | 'type' | 'tenantId' | 'name' | 'updatedBy' | 'updatedAt'>;

function parseRule(body: unknown): RuleFields {
  const input = (typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {}) as Record<
    string,
    unknown
  >;
  const errors: { field: string; message: string }[] = [];
  const text = (field: string, required: boolean): string | undefined => {
    const value = input[field];
    if (value === undefined && !required) return undefined;
    if (typeof value !== 'string' || value.trim() === '' || value.length > maxTextChars) {
      errors.push({ field, message: `must be a non-empty string of at most ${maxTextChars} characters` });
      return undefined;
    }
    return value;
  };
  const recipient = text('recipient', true)?.toLowerCase();
  if (recipient !== undefined && (!isMailAddress(recipient) || recipient.startsWith('reply+'))) {
    errors.push({ field: 'recipient', message: 'must be a mail address (not a reply+ address)' });
  }
  const processKey = text('processKey', true);
  const subjectContains = text('subjectContains', false);
  const bodyContains = text('bodyContains', false);
  const subjectPattern = text('subjectPattern', false);
  if (subjectPattern !== undefined) {
    const checked = safeSubjectPattern(subjectPattern);
    if (typeof checked === 'string') errors.push({ field: 'subjectPattern', message: checked });
  }
  const domains = input.senderDomains ?? [];
  if (
    !Array.isArray(domains) ||
    domains.length > maxDomains ||
    !domains.every((domain) => typeof domain === 'string' && domainPattern.test(domain))
  ) {
    errors.push({ field: 'senderDomains', message: `must be a list of at most ${maxDomains} domain names` });
  }
  const variables = input.variables ?? {};
  if (typeof variables !== 'object' || variables === null || Array.isArray(variables)) {
    errors.push({ field: 'variables', message: 'must be an object of variable name to FEEL expression' });
  } else {
    const entries = Object.entries(variables);
    if (entries.length > maxVariables)
      errors.push({ field: 'variables', message: `at most ${maxVariables}` });
    for (const [name, expression] of entries) {
      if (!variablePattern.test(name))
        errors.push({ field: `variables.${name}`, message: 'is not a valid name' });
      else if (typeof expression !== 'string' || !checkFeelExpression(expression).valid) {
        errors.push({ field: `variables.${name}`, message: 'must be a FEEL expression' });
      }
    }
  }
  if (errors.length > 0 || recipient === undefined || processKey === undefined)
    throw validationFailed(errors);
  return {
    recipient,
    senderDomains: (domains as string[]).map((domain) => domain.toLowerCase()),
    ...(subjectContains !== undefined ? { subjectContains } : {}),
    ...(subjectPattern !== undefined ? { subjectPattern } : {}),
    ...(bodyContains !== undefined ? { bodyContains } : {}),
    processKey,
    variables: variables as Record<string, string>,
  };
}

function view(rule: TriggerRuleDocument): TriggerRuleView {
  return {
    name: rule.name,
    recipient: rule.recipient,
    senderDomains: rule.senderDomains,
    ...(rule.subjectContains !== undefined ? { subjectContains: rule.subjectContains } : {}),
    ...(rule.subjectPattern !== undefined ? { subjectPattern: rule.subjectPattern } : {}),
    ...(rule.bodyContains !== undefined ? { bodyContains: rule.bodyContains } : {}),
    processKey: rule.processKey,
    variables: rule.variables,
    updatedBy: rule.updatedBy,
    updatedAt: rule.updatedAt,
  };
}

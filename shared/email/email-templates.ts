/**
 * A tenant's email templates: its own (admin API) or the built-in default of the same name. Names are
 * `task-assigned`, `task-overdue`, `case-completed`, or any name a send task refers to (`template` header).
 */
import { CaseflowError } from '../errors/caseflow-error.js';
import { validationFailed } from '../http/body.js';
import type { Stored, TenantRepository } from '../storage/tenant-repository.js';
import { defaultTemplates, type TemplateText } from './default-templates.js';
import type { EmailDocument, EmailTemplateDocument } from './email-documents.js';
import { templateProblems } from './template-render.js';

const namePattern = /^[a-z0-9][a-z0-9-]{0,63}$/;
const maxTemplateChars = 20_000;

export interface TemplateView extends TemplateText {
  readonly name: string;
  /** `tenant`: stored by an admin; `default`: the built-in text. */
  readonly source: 'tenant' | 'default';
}

export class EmailTemplates {
  constructor(
    private readonly repository: TenantRepository<EmailDocument>,
    private readonly now: () => Date,
  ) {}

  /** The template a mail uses: the tenant's, else the built-in one; a name with neither is not found. */
  async resolve(name: string): Promise<TemplateView> {
    const stored = namePattern.test(name)
      ? ((await this.repository.read(`template:${name}`)) as Stored<EmailTemplateDocument> | undefined)
      : undefined;
    if (stored) return { name, subject: stored.subject, text: stored.text, source: 'tenant' };
    const builtIn = (defaultTemplates as Readonly<Record<string, TemplateText>>)[name];
    if (builtIn) return { name, ...builtIn, source: 'default' };
    throw new CaseflowError('email.template-not-found', `No email template ${name}.`, { name });
  }

  async list(): Promise<TemplateView[]> {
    const stored = (await this.repository.queryAll({
      where: "c.type = 'template'",
    })) as Stored<EmailTemplateDocument>[];
    const views = new Map<string, TemplateView>();
    for (const [name, text] of Object.entries(defaultTemplates))
      views.set(name, { name, ...text, source: 'default' });
    for (const item of stored)
      views.set(item.name, { name: item.name, subject: item.subject, text: item.text, source: 'tenant' });
    return [...views.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  async put(name: string, body: unknown, userId: string): Promise<TemplateView> {
    const input = body as { subject?: unknown; text?: unknown } | null;
    const errors: { field: string; message: string }[] = [];
    if (!namePattern.test(name)) errors.push({ field: 'name', message: 'lower-case letters, digits and -' });
    for (const field of ['subject', 'text'] as const) {
      const value = input?.[field];
      if (typeof value !== 'string' || value.length === 0 || value.length > maxTemplateChars) {
        errors.push({ field, message: `must be text of 1 to ${maxTemplateChars} characters` });
        continue;
      }
      for (const problem of templateProblems(value)) errors.push({ field, message: problem });
    }
    if (typeof input?.subject === 'string' && /[\r\n]/.test(input.subject)) {
      errors.push({ field: 'subject', message: 'must be one line' });
    }
    if (errors.length > 0) throw validationFailed(errors);
    const document = {
      id: `template:${name}`,
      type: 'template' as const,
      name,
      subject: input?.subject as string,
      text: input?.text as string,
      updatedBy: userId,
      updatedAt: this.now().toISOString(),
    };
    const existing = await this.repository.read(document.id);
    if (existing) await this.repository.replace(document, existing._etag);
    else await this.repository.create(document);
    return { name, subject: document.subject, text: document.text, source: 'tenant' };
  }

  /** Back to the built-in text (or gone, for a name without one). */
  async remove(name: string): Promise<void> {
    const existing = namePattern.test(name) ? await this.repository.read(`template:${name}`) : undefined;
    if (!existing)
      throw new CaseflowError('email.template-not-found', `No stored email template ${name}.`, { name });
    await this.repository.delete(existing.id, existing._etag);
  }
}

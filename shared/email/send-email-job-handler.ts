/**
 * The `email:send` job type: a send task (or service task) with this type mails through `email-outbound`.
 * Task headers (docs/bpmn-extensions.md): `to` (comma-separated addresses, or `=` FEEL giving an address or
 * a list), `subject` and `text` (text with `{{ FEEL }}` placeholders), or `template` naming a tenant
 * template instead, and `attachments` (comma-separated file names of the case, or `=` FEEL list). The job
 * completes once the mail is queued; its key is the job, so the mail is sent once however often the job
 * or the queue message is retried.
 */
import { evaluateFeel } from '../expressions/feel-evaluate.js';
import type { JobDocument } from '../jobs/job-document.js';
import { JobFailure } from '../jobs/job-failure.js';
import type { JobHandler, JobOutcome } from '../jobs/job-handler.js';
import { isCaseFileName } from './case-files.js';
import { isMailAddress } from './email-settings.js';
import type { EmailTemplates } from './email-templates.js';
import type { OutboundMailQueue } from './outbound-mail.js';
import { renderTemplate } from './template-render.js';

export const sendEmailJobType = 'email:send';
const maxRecipients = 50;

export interface SendEmailServices {
  readonly templates: (tenantId: string) => EmailTemplates;
  readonly queue: OutboundMailQueue;
  readonly clock: () => Date;
}

function list(
  header: string | undefined,
  variables: Record<string, unknown>,
  now: string,
  what: string,
): string[] {
  if (header === undefined || header.trim() === '') return [];
  if (!header.startsWith('='))
    return header
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== '');
  const value = evaluateFeel(header.slice(1), variables, now);
  if (!value.ok) throw new JobFailure(`${what}: ${value.message}`, false);
  const items = value.value === null ? [] : Array.isArray(value.value) ? value.value : [value.value];
  if (!items.every((item) => typeof item === 'string')) throw new JobFailure(`${what} must give text`, false);
  return items as string[];
}

function render(template: string, variables: Record<string, unknown>, now: string, what: string): string {
  const rendered = renderTemplate(template, variables, now);
  if (!rendered.ok) throw new JobFailure(`${what}: ${rendered.message}`, false);
  return rendered.text;
}

export function sendEmailJobHandler(services: SendEmailServices): JobHandler {
  return {
    jobType: sendEmailJobType,
    async handle(job: JobDocument): Promise<JobOutcome> {
      const now = services.clock().toISOString();
      const variables = { ...job.variables, case: { id: job.caseId, processKey: job.processKey } };
      const to = list(job.headers.to, variables, now, 'to');
      if (to.length === 0 || to.length > maxRecipients || !to.every(isMailAddress)) {
        throw new JobFailure(`to must name 1 to ${maxRecipients} mail addresses`, false);
      }
      const attachments = list(job.headers.attachments, variables, now, 'attachments');
      const badName = attachments.find((name) => !isCaseFileName(name));
      if (badName !== undefined) throw new JobFailure(`attachments: ${badName} is not a file name`, false);
      let subject = job.headers.subject ?? '';
      let text = job.headers.text ?? '';
      if (job.headers.template !== undefined) {
        const template = await services
          .templates(job.tenantId)
          .resolve(job.headers.template)
          .catch(() => {
            throw new JobFailure(`No email template ${job.headers.template}.`, false);
          });
        subject = template.subject;
        text = template.text;
      }
      await services.queue.send({
        tenantId: job.tenantId,
        key: `job:${job.id}`,
        to,
        subject: render(subject, variables, now, 'subject').replace(/[\r\n]+/g, ' '),
        text: render(text, variables, now, 'text'),
        caseId: job.caseId,
        ...(attachments.length > 0 ? { attachments } : {}),
      });
      return { kind: 'complete' };
    },
  };
}

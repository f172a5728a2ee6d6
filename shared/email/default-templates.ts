/**
 * The built-in notification templates, used while a tenant has not stored its own under the same name.
 * Variables: `task` (name, element, dueDate, id), `case` (id, processKey, businessKey, status), `recipient`,
 * and `replyHint` (how to answer by mail; empty when replies are not enabled).
 */
export const notificationKinds = ['task-assigned', 'task-overdue', 'case-completed'] as const;
export type NotificationKind = (typeof notificationKinds)[number];

export interface TemplateText {
  readonly subject: string;
  readonly text: string;
}

export const defaultTemplates: Readonly<Record<NotificationKind, TemplateText>> = {
  'task-assigned': {
    subject: 'Task assigned: {{ if task.name = null then task.element else task.name }}',
    text: [
      'Hello {{ recipient }},',
      '',
      'the task "{{ if task.name = null then task.element else task.name }}" of case {{ if case.businessKey = null then case.id else case.businessKey }} ({{ case.processKey }}) is assigned to you.',
      '{{ if task.dueDate = null then "" else "It is due " + task.dueDate + "." }}',
      '{{ replyHint }}',
    ].join('\n'),
  },
  'task-overdue': {
    subject: 'Task overdue: {{ if task.name = null then task.element else task.name }}',
    text: [
      'Hello {{ recipient }},',
      '',
      'the task "{{ if task.name = null then task.element else task.name }}" of case {{ if case.businessKey = null then case.id else case.businessKey }} ({{ case.processKey }}) was due {{ task.dueDate }} and is still open.',
      '{{ replyHint }}',
    ].join('\n'),
  },
  'case-completed': {
    subject: 'Case completed: {{ if case.businessKey = null then case.id else case.businessKey }}',
    text: [
      'Hello {{ recipient }},',
      '',
      'the case {{ if case.businessKey = null then case.id else case.businessKey }} ({{ case.processKey }}) you started has ended: {{ case.status }}.',
    ].join('\n'),
  },
};

/** The reply hint of a mail whose reply completes a task (see docs/email.md, Email in). */
export const taskReplyHint =
  'Reply to this mail to complete the task: write "approve" or "reject" on the first line, or lines like "amount: 120". Anything else becomes a comment on the case.';

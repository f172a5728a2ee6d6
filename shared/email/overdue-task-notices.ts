/**
 * "Task overdue": the sweep mails the assignee of every open task whose due date has passed, once per task:
 * the notice record is written after the mail is queued, so a crash in between queues it again under the
 * same key (sent once) and a later sweep skips the task.
 */
import { createHash } from 'node:crypto';
import type { Container } from '@azure/cosmos';
import type { TaskDocument } from '../cases/task-documents.js';
import type { TenantRepository } from '../storage/tenant-repository.js';
import type { EmailDocument } from './email-documents.js';
import type { Notifications } from './notifications.js';

const perSweep = 200;

/** Open, assigned tasks of every tenant whose due date is before `now` (cross-partition). */
export async function overdueTasks(tasks: Container, now: string): Promise<TaskDocument[]> {
  const { resources } = await tasks.items
    .query<TaskDocument>(
      {
        query:
          "SELECT TOP 1000 * FROM c WHERE c.type = 'task' AND c.status = 'open' AND IS_DEFINED(c.assignee) AND IS_DEFINED(c.dueDate) AND c.dueDate < @now",
        parameters: [{ name: '@now', value: now }],
      },
      { maxItemCount: 1000 },
    )
    .fetchAll();
  return resources;
}

export async function sendOverdueNotices(
  overdue: readonly TaskDocument[],
  email: (tenantId: string) => TenantRepository<EmailDocument>,
  notifications: Notifications,
  now: string,
): Promise<number> {
  let sent = 0;
  for (const task of overdue) {
    if (sent >= perSweep) break;
    const repository = email(task.tenantId);
    const noticeId = `notice:task-overdue:${createHash('sha256').update(task.id).digest('hex').slice(0, 40)}`;
    if (await repository.read(noticeId)) continue;
    await notifications.notify({
      tenantId: task.tenantId,
      kind: 'task-overdue',
      subject: task.id,
      userId: task.assignee ?? '',
      case: {
        id: task.caseId,
        processKey: task.processKey,
        ...(task.businessKey !== undefined ? { businessKey: task.businessKey } : {}),
        status: 'active',
      },
      task: {
        id: task.id,
        element: task.element,
        ...(task.name !== undefined ? { name: task.name } : {}),
        ...(task.dueDate !== undefined ? { dueDate: task.dueDate } : {}),
      },
      acceptsReply: true,
      now,
    });
    await repository.createIfAbsent({ id: noticeId, type: 'notice', kind: 'task-overdue', at: now });
    sent += 1;
  }
  return sent;
}

/**
 * "Task assigned": a `createUserTask` whose model names an assignee mails the assignee, with a reply address
 * that completes the task. A performer beside `UserTaskPerformer` (both handle `createUserTask`); the task id
 * is the one that performer creates. A user without an address is simply not notified.
 */
import type { EngineCommand } from '../engine/index.js';
import type { CaseStore } from '../cases/case-store.js';
import {
  ownerCase,
  type CommandContext,
  type CommandKind,
  type CommandPerformer,
} from '../cases/command-performer.js';
import { taskDocumentId } from '../cases/task-documents.js';
import type { Notifications } from './notifications.js';

export class TaskAssignedNotifier implements CommandPerformer {
  readonly handles: ReadonlySet<CommandKind> = new Set<CommandKind>(['createUserTask']);

  constructor(
    private readonly notifications: Notifications,
    private readonly cases: (tenantId: string) => CaseStore,
  ) {}

  async perform(command: EngineCommand, context: CommandContext): Promise<void> {
    if (command.kind !== 'createUserTask' || command.assignment?.assignee === undefined) return;
    const owner = await ownerCase(context, this.cases);
    const taskId = taskDocumentId(context.caseId, command.elementInstance);
    await this.notifications.notify({
      tenantId: context.tenantId,
      kind: 'task-assigned',
      subject: taskId,
      userId: command.assignment.assignee,
      case: {
        id: context.caseId,
        processKey: context.processKey,
        ...(owner.businessKey !== undefined ? { businessKey: owner.businessKey } : {}),
        status: owner.status,
      },
      task: {
        id: taskId,
        element: command.element,
        ...(command.name !== undefined ? { name: command.name } : {}),
        ...(command.assignment.dueDate !== undefined ? { dueDate: command.assignment.dueDate } : {}),
      },
      acceptsReply: true,
      now: context.now,
    });
  }
}

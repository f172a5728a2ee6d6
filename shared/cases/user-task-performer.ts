/**
 * `createUserTask` and `cancelWork` for user tasks: the task document's id is derived from the case and the
 * element instance, so creating it again finds it, and cancelling a task that is not open changes nothing.
 * A created task rings the process's task arrivals, so the inboxes waiting for it answer at once.
 */
import type { EngineCommand } from '../engine/index.js';
import { CaseflowError } from '../errors/caseflow-error.js';
import type { TenantRepository } from '../storage/tenant-repository.js';
import {
  ownerCase,
  type CommandContext,
  type CommandKind,
  type CommandPerformer,
} from './command-performer.js';
import type { CaseStore } from './case-store.js';
import type { TaskArrivals } from './task-arrivals.js';
import { defaultTaskPriority, taskDocumentId, type TaskDocument } from './task-documents.js';
import { unstored } from '../storage/stored-document.js';

export class UserTaskPerformer implements CommandPerformer {
  readonly handles: ReadonlySet<CommandKind> = new Set<CommandKind>(['createUserTask', 'cancelWork']);

  constructor(
    private readonly tasks: (tenantId: string) => TenantRepository<TaskDocument>,
    private readonly cases: (tenantId: string) => CaseStore,
    private readonly arrivals?: TaskArrivals,
  ) {}

  async perform(command: EngineCommand, context: CommandContext): Promise<void> {
    if (command.kind === 'createUserTask') return this.create(command, context);
    if (command.kind === 'cancelWork') return this.cancel(command.elementInstance, context);
  }

  private async create(
    command: Extract<EngineCommand, { kind: 'createUserTask' }>,
    context: CommandContext,
  ): Promise<void> {
    const owner = await ownerCase(context, this.cases);
    const assignment = command.assignment ?? {};
    const { document: task, created } = await this.tasks(context.tenantId).createIfAbsent({
      id: taskDocumentId(context.caseId, command.elementInstance),
      type: 'task',
      caseId: context.caseId,
      processKey: context.processKey,
      definitionId: context.definitionId,
      ...(owner.businessKey !== undefined ? { businessKey: owner.businessKey } : {}),
      elementInstance: command.elementInstance,
      element: command.element,
      ...(command.name !== undefined ? { name: command.name } : {}),
      ...(command.formKey !== undefined ? { formKey: command.formKey } : {}),
      status: 'open',
      ...(assignment.assignee !== undefined ? { assignee: assignment.assignee } : {}),
      candidateUsers: assignment.candidateUsers ?? [],
      candidateGroups: assignment.candidateGroups ?? [],
      openToAll:
        (assignment.candidateUsers ?? []).length === 0 && (assignment.candidateGroups ?? []).length === 0,
      ...(assignment.dueDate !== undefined ? { dueDate: assignment.dueDate } : {}),
      ...(assignment.followUpDate !== undefined ? { followUpDate: assignment.followUpDate } : {}),
      priority: assignment.priority ?? defaultTaskPriority,
      createdAt: context.now,
    });
    if (created) this.arrivals?.created(context.tenantId, task);
  }

  private async cancel(elementInstance: string, context: CommandContext): Promise<void> {
    const repository = this.tasks(context.tenantId);
    // A cancelWork of a job finds no task: the job performer handles it.
    for (let attempt = 0; attempt < 3; attempt++) {
      const task = await repository.read(taskDocumentId(context.caseId, elementInstance));
      if (!task || task.status !== 'open') return;
      try {
        await repository.replace(
          { ...unstored(task), status: 'cancelled', endedAt: context.now },
          task._etag,
        );
        return;
      } catch (error) {
        if (!(error instanceof CaseflowError) || error.code !== 'storage.etag-mismatch') throw error;
      }
    }
    throw new CaseflowError('storage.etag-mismatch', `Task of ${elementInstance} kept changing.`);
  }
}

/**
 * The Tasks API use cases (Work Portal inbox): queries, claim, unclaim, assign, delegate, complete. Every
 * change replaces the task under its ETag, so of two concurrent changes exactly one wins and the other is
 * `tasks.conflict` (409). Completing records the completion on the task first (the winner is decided
 * there), then delivers `userTaskCompleted` with the stored variables through the inbox, keyed by the task:
 * a completion retried by the same user re-delivers harmlessly.
 */
import type { ProcessGraph } from '../bpmn/index.js';
import { taskForm, validateTaskVariables, type TaskForm } from '../forms/task-form.js';
import { validationFailed } from '../http/body.js';
import type { SqlParameter } from '@azure/cosmos';
import type { Variables } from '../engine/index.js';
import { CaseflowError } from '../errors/caseflow-error.js';
import type { Principal } from '../identity/principal.js';
import type { Page, Stored, TenantRepository, Unowned } from '../storage/tenant-repository.js';
import type { CaseInbox } from './case-inbox.js';
import {
  involvesCondition,
  isAdmin,
  offeredCondition,
  seesEverything,
  taskInvolves,
  taskOffered,
} from './record-rules.js';
import type { TaskDocument, TaskStatus } from './task-documents.js';
import { unstored, without } from '../storage/stored-document.js';

export type TaskScope = 'mine' | 'offered' | 'involved' | 'all';
export type TaskSort = 'created' | 'due' | 'priority';

export interface TaskSearch {
  readonly scope: TaskScope;
  readonly status: TaskStatus;
  readonly processKey?: string;
  readonly businessKey?: string;
  readonly dueBefore?: string;
  readonly dueAfter?: string;
  readonly priority?: number;
  readonly sort: TaskSort;
  readonly descending: boolean;
  readonly limit: number;
  readonly continuationToken?: string;
}

const sortFields: Record<TaskSort, string> = { created: 'createdAt', due: 'dueDate', priority: 'priority' };

export class TasksService {
  constructor(
    private readonly principal: Principal,
    private readonly tasks: TenantRepository<TaskDocument>,
    private readonly inbox: CaseInbox,
    private readonly now: () => Date,
    /** The compiled graph of a definition: a task's form comes from its element there. */
    private readonly graph: (definitionId: string) => Promise<ProcessGraph>,
  ) {}

  async search(search: TaskSearch): Promise<Page<Stored<TaskDocument>>> {
    const conditions = ["c.type = 'task'", 'c.status = @status'];
    const parameters: SqlParameter[] = [{ name: '@status', value: search.status }];
    switch (search.scope) {
      case 'mine':
        conditions.push('c.assignee = @me');
        parameters.push({ name: '@me', value: this.principal.userId });
        break;
      case 'offered': {
        const offered = offeredCondition(this.principal);
        conditions.push(`NOT IS_DEFINED(c.assignee) AND (${offered.where})`);
        parameters.push(...offered.parameters);
        break;
      }
      case 'involved': {
        const involved = involvesCondition(this.principal);
        conditions.push(`(${involved.where})`);
        parameters.push(...involved.parameters);
        break;
      }
      case 'all':
        if (!seesEverything(this.principal)) {
          throw new CaseflowError('auth.forbidden', 'Only admins and designers may list every task.');
        }
    }
    const add = (condition: string, name: string, value: SqlParameter['value'] | undefined) => {
      if (value === undefined) return;
      conditions.push(condition);
      parameters.push({ name, value });
    };
    add('c.processKey = @processKey', '@processKey', search.processKey);
    add('c.businessKey = @businessKey', '@businessKey', search.businessKey);
    add('c.dueDate < @dueBefore', '@dueBefore', search.dueBefore);
    add('c.dueDate >= @dueAfter', '@dueAfter', search.dueAfter);
    add('c.priority = @priority', '@priority', search.priority);
    return this.tasks.query({
      where: conditions.join(' AND '),
      parameters,
      orderBy: `c.${sortFields[search.sort]} ${search.descending ? 'DESC' : 'ASC'}`,
      maxItemCount: search.limit,
      ...(search.continuationToken ? { continuationToken: search.continuationToken } : {}),
    });
  }

  async get(taskId: string): Promise<Stored<TaskDocument>> {
    const task = await this.tasks.read(taskId);
    if (
      !task ||
      task.type !== 'task' ||
      !(seesEverything(this.principal) || taskInvolves(task, this.principal))
    ) {
      throw new CaseflowError('tasks.not-found', `No task ${taskId}.`, { taskId });
    }
    return task;
  }

  /** Takes an unassigned task offered to the caller (claiming one's own task again changes nothing). */
  claim(taskId: string) {
    return this.change(taskId, (task) => {
      if (task.assignee === this.principal.userId) return undefined;
      if (task.assignee !== undefined)
        throw conflict('tasks.already-claimed', `Task ${task.id} is assigned.`);
      if (!taskOffered(task, this.principal) && !isAdmin(this.principal)) throw forbidden('claim');
      return { ...unstored(task), assignee: this.principal.userId };
    });
  }

  unclaim(taskId: string) {
    return this.change(taskId, (task) => {
      if (task.assignee === undefined) return undefined;
      this.requireAssigneeOrAdmin(task, 'unclaim');
      return without(unstored(task), 'assignee', 'delegatedBy');
    });
  }

  /** An admin or the current assignee hands the task to someone. */
  assign(taskId: string, assignee: string) {
    return this.change(taskId, (task) => {
      this.requireAssigneeOrAdmin(task, 'assign');
      return { ...without(unstored(task), 'delegatedBy'), assignee };
    });
  }

  /** The assignee (or an admin) lets someone else work the task, remembering who delegated it. */
  delegate(taskId: string, assignee: string) {
    return this.change(taskId, (task) => {
      this.requireAssigneeOrAdmin(task, 'delegate');
      return { ...unstored(task), assignee, delegatedBy: this.principal.userId };
    });
  }

  /** The task's form (docs/forms.md): a form key, or a JSON schema its variables are checked against. */
  async form(task: TaskDocument): Promise<TaskForm> {
    const node = (await this.graph(task.definitionId)).nodes[task.element];
    if (!node) {
      throw new CaseflowError(
        'cases.definition-missing',
        `No element ${task.element} in ${task.definitionId}.`,
      );
    }
    return taskForm(node);
  }

  /** Completes the task with variables that fit its form (else 400 with the problems, nothing changed). */
  async complete(taskId: string, variables: Variables): Promise<Stored<TaskDocument>> {
    const current = await this.get(taskId);
    const again = current.status === 'completed' && current.completedBy === this.principal.userId;
    if (!again) {
      const problems = validateTaskVariables(await this.form(current), variables);
      if (problems.length > 0) {
        throw validationFailed(
          problems.map((problem) => ({ field: problem.path, message: problem.message })),
        );
      }
    }
    const completed = again
      ? current
      : await this.change(
          taskId,
          (task) => {
            this.requireAssigneeOrAdmin(task, 'complete');
            return {
              ...unstored(task),
              status: 'completed' as const,
              completedBy: this.principal.userId,
              endedAt: this.now().toISOString(),
              variables,
            };
          },
          current,
        );
    await this.inbox.deliver(
      { tenantId: completed.tenantId, caseId: completed.caseId },
      {
        type: 'userTaskCompleted',
        elementInstance: completed.elementInstance,
        variables: completed.variables ?? {},
      },
      { idempotencyKey: `task:${completed.id}:completed`, actor: this.principal.userId },
    );
    return completed;
  }

  private requireAssigneeOrAdmin(task: TaskDocument, action: string): void {
    if (task.assignee !== this.principal.userId && !isAdmin(this.principal)) throw forbidden(action);
  }

  /**
   * Reads the task (unless the caller just did: `known`), lets `next` decide (undefined: no change), replaces
   * it under the ETag read.
   */
  private async change(
    taskId: string,
    next: (task: Stored<TaskDocument>) => Unowned<TaskDocument> | undefined,
    known?: Stored<TaskDocument>,
  ): Promise<Stored<TaskDocument>> {
    const task = known ?? (await this.get(taskId));
    if (task.status !== 'open') throw conflict('tasks.closed', `Task ${taskId} is ${task.status}.`);
    const changed = next(task);
    if (!changed) return task;
    try {
      return await this.tasks.replace(changed, task._etag);
    } catch (error) {
      if (error instanceof CaseflowError && error.code === 'storage.etag-mismatch') {
        throw conflict('tasks.conflict', `Task ${taskId} was changed by someone else.`);
      }
      throw error;
    }
  }
}

function conflict(code: string, message: string): CaseflowError {
  return new CaseflowError(code, message);
}

function forbidden(action: string): CaseflowError {
  return new CaseflowError('auth.forbidden', `You may not ${action} this task.`);
}

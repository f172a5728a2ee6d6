/**
 * User tasks in the `tasks` container (partition key /tenantId). The id is derived from the case and the
 * element instance the engine created the task for, so a repeated `createUserTask` finds its task.
 */
import type { Variables } from '../engine/index.js';
import type { TenantDocument } from '../storage/tenant-repository.js';

export type TaskStatus = 'open' | 'completed' | 'cancelled';

export interface TaskDocument extends TenantDocument {
  readonly type: 'task';
  readonly caseId: string;
  readonly processKey: string;
  readonly definitionId: string;
  readonly businessKey?: string;
  readonly elementInstance: string;
  readonly element: string;
  readonly name?: string;
  readonly formKey?: string;
  readonly status: TaskStatus;
  readonly assignee?: string;
  readonly candidateUsers: readonly string[];
  readonly candidateGroups: readonly string[];
  /** No candidate users or groups: offered to everyone in the tenant (as Camunda's Tasklist shows it). */
  readonly openToAll: boolean;
  /** Who delegated the task to its assignee (it returns to them on completion in Camunda; here: recorded). */
  readonly delegatedBy?: string;
  readonly dueDate?: string;
  readonly followUpDate?: string;
  /** 0..100, 50 when the model says nothing (as Camunda). */
  readonly priority: number;
  readonly createdAt: string;
  readonly completedBy?: string;
  readonly endedAt?: string;
  readonly variables?: Variables;
}

export const taskDocumentId = (caseId: string, elementInstance: string) => `${caseId}.${elementInstance}`;
export const defaultTaskPriority = 50;

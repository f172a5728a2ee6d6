/**
 * The per-process doorbell of waiting task lists (`GET /api/tasks` with `Prefer: wait`): creating a task in
 * this process rings it with the task's audiences (its assignee, each candidate user and group, everyone
 * for a task offered to all), and only the lists waiting in that tenant for one of those audiences look
 * again, so a new task for one user does not wake every waiting inbox of the tenant. Completions, claims
 * and other instances' tasks are found by the waiters' recheck.
 */
import type { Principal } from '../identity/principal.js';
import { TenantSignals } from '../signals/tenant-signals.js';
import { seesEverything } from './record-rules.js';
import type { TaskDocument } from './task-documents.js';

type Audience = Pick<TaskDocument, 'assignee' | 'candidateUsers' | 'candidateGroups' | 'openToAll'>;

const userTopic = (userId: string) => `user:${userId}`;
const groupTopic = (group: string) => `group:${group}`;
const everyoneTopic = 'everyone';
/** Every new task: the topic of lists that see all tasks of the tenant (admins and designers, scope `all`). */
const anyTaskTopic = 'any';

export class TaskArrivals {
  readonly #signals = new TenantSignals();

  /** A task was created in the tenant: wakes the lists of whoever may see it. */
  created(tenantId: string, task: Audience): void {
    const topics = [
      anyTaskTopic,
      ...(task.assignee !== undefined ? [userTopic(task.assignee)] : []),
      ...task.candidateUsers.map(userTopic),
      ...task.candidateGroups.map(groupTopic),
      ...(task.openToAll ? [everyoneTopic] : []),
    ];
    for (const topic of new Set(topics)) this.#signals.signal(tenantId, topic);
  }

  /** Calls `wake` when a task the principal may see is created, until the returned stop is called. */
  listen(principal: Principal, wake: () => void, options: { readonly everyTask: boolean }): () => void {
    const topics =
      options.everyTask && seesEverything(principal)
        ? [anyTaskTopic]
        : [userTopic(principal.userId), ...principal.groups.map(groupTopic), everyoneTopic];
    return this.#signals.listen(principal.tenantId, topics, wake);
  }

  /** How many (tenant, audience) pairs have a list waiting: 0 once every list has answered. */
  get waitedFor(): number {
    return this.#signals.waitedFor;
  }
}

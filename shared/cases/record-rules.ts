/**
 * Who sees which case and task in a tenant (the tenant itself is enforced by the repositories):
 * admins and designers see every case and task. A worker sees the cases they started or work or worked on
 * (a task of the case is or was assigned to them, or they completed or delegated one), and the tasks
 * assigned to them, offered to them while unassigned (candidate user or group; a task without candidates
 * is offered to all), or completed or delegated by them. Once someone claims a task, it is no longer offered.
 *
 * Query conditions are flat OR lists: the local Cosmos DB emulator parses nested parentheses in
 * exponential time, so a task stores `openToAll` rather than the query testing two empty arrays.
 */
import type { SqlParameter } from '@azure/cosmos';
import type { Principal } from '../identity/principal.js';
import type { TaskDocument } from './task-documents.js';

export function seesEverything(principal: Principal): boolean {
  return principal.roles.includes('admin') || principal.roles.includes('designer');
}

export function isAdmin(principal: Principal): boolean {
  return principal.roles.includes('admin');
}

export function worksOn(task: TaskDocument, principal: Principal): boolean {
  return (
    task.assignee === principal.userId ||
    task.completedBy === principal.userId ||
    task.delegatedBy === principal.userId
  );
}

export function taskOffered(task: TaskDocument, principal: Principal): boolean {
  if (task.assignee !== undefined) return false;
  return (
    task.openToAll ||
    task.candidateUsers.includes(principal.userId) ||
    task.candidateGroups.some((group) => principal.groups.includes(group))
  );
}

export function taskInvolves(task: TaskDocument, principal: Principal): boolean {
  return worksOn(task, principal) || taskOffered(task, principal);
}

export interface Condition {
  readonly where: string;
  readonly parameters: SqlParameter[];
}

/** `worksOn` as a task query condition over alias `c`. */
export function worksOnCondition(principal: Principal): Condition {
  return {
    where: 'c.assignee = @me OR c.completedBy = @me OR c.delegatedBy = @me',
    parameters: [{ name: '@me', value: principal.userId }],
  };
}

/** `taskOffered` as a task query condition over alias `c`. */
export function offeredCondition(principal: Principal): Condition {
  const groups = principal.groups.map((group, index) => ({ name: `@group${index}`, value: group }));
  return {
    where: [
      'c.openToAll = true',
      'ARRAY_CONTAINS(c.candidateUsers, @me)',
      ...groups.map((group) => `ARRAY_CONTAINS(c.candidateGroups, ${group.name})`),
    ].join(' OR '),
    parameters: [{ name: '@me', value: principal.userId }, ...groups],
  };
}

/** `taskInvolves` as a task query condition over alias `c` (each offer only while unassigned, kept flat). */
export function involvesCondition(principal: Principal): Condition {
  const offered = offeredCondition(principal);
  const unassignedOffers = offered.where
    .split(' OR ')
    .map((condition) => `(NOT IS_DEFINED(c.assignee) AND ${condition})`);
  return {
    where: [worksOnCondition(principal).where, ...unassignedOffers].join(' OR '),
    parameters: offered.parameters,
  };
}

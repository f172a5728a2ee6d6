/**
 * The entity tag of a page of the task list (`GET /api/tasks`): a strong hash of what the page shows, the
 * ids and ETags of its tasks and its continuation token, so an inbox can ask "anything new?" with
 * `If-None-Match` and get 304 while nothing changed.
 */
import { createHash } from 'node:crypto';
import type { Page, Stored } from '../storage/tenant-repository.js';
import type { TaskDocument } from './task-documents.js';

export function taskPageEtag(page: Page<Stored<TaskDocument>>): string {
  const shown = [page.items.map((task) => [task.id, task._etag]), page.continuationToken ?? null];
  return `"${createHash('sha256').update(JSON.stringify(shown)).digest('base64url')}"`;
}

/**
 * Whether an `If-None-Match` value names the tag (RFC 9110 13.1.2: `*`, or a list of tags compared weakly,
 * so a `W/` prefix an intermediary added still matches).
 */
export function noneMatchNames(ifNoneMatch: string, etag: string): boolean {
  if (ifNoneMatch.trim() === '*') return true;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => opaque(tag) === opaque(etag));
}

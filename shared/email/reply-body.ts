/**
 * What a reply says: the new text above the quoted mail. A first line `approve`/`approved`/`yes` or
 * `reject`/`rejected`/`no` sets `approved`; lines `field: value` set variables (JSON values where they
 * parse, else text); anything else is a comment.
 */
import type { Variables } from '../engine/index.js';

export type ReplyIntent =
  | { readonly kind: 'complete'; readonly variables: Variables }
  | { readonly kind: 'comment'; readonly text: string };

const maxCommentChars = 4000;

/** The reply's own lines: up to the first quoted line or "On ... wrote:" marker. */
export function replyLines(text: string): string[] {
  const lines: string[] = [];
  for (const line of text.replace(/\r\n?/g, '\n').split('\n')) {
    if (line.startsWith('>') || /^On .+ wrote:\s*$/.test(line) || /^-----\s*Original Message/i.test(line))
      break;
    lines.push(line);
  }
  while (lines.length > 0 && lines[lines.length - 1]?.trim() === '') lines.pop();
  while (lines.length > 0 && lines[0]?.trim() === '') lines.shift();
  return lines;
}

export function replyIntent(text: string): ReplyIntent {
  const lines = replyLines(text);
  const first = (lines[0] ?? '')
    .trim()
    .toLowerCase()
    .replace(/[.!]+$/, '');
  if (['approve', 'approved', 'yes'].includes(first))
    return { kind: 'complete', variables: { approved: true } };
  if (['reject', 'rejected', 'no'].includes(first))
    return { kind: 'complete', variables: { approved: false } };
  const fields: Record<string, unknown> = {};
  const meaningful = lines.filter((line) => line.trim() !== '');
  for (const line of meaningful) {
    const match = /^\s*([A-Za-z_][A-Za-z0-9_]{0,63})\s*:\s*(.*)$/.exec(line);
    if (!match) return { kind: 'comment', text: lines.join('\n').slice(0, maxCommentChars) };
    fields[match[1] ?? ''] = jsonOrText(match[2]?.trim() ?? '');
  }
  if (meaningful.length > 0) return { kind: 'complete', variables: fields as Variables };
  return { kind: 'comment', text: '' };
}

function jsonOrText(value: string): unknown {
  try {
    const parsed: unknown = JSON.parse(value);
    return typeof parsed === 'object' && parsed !== null ? value : parsed;
  } catch {
    return value;
  }
}

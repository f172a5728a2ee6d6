/**
 * Email templates: plain text with `{{ FEEL }}` placeholders, e.g. `Task {{ task.name }} of case
 * {{ case.businessKey }}`. A placeholder's value is its text (strings as they are, others as JSON, null as
 * nothing). Mail is text only: nothing in a template or a value is ever interpreted as HTML.
 */
import { evaluateFeel } from '../expressions/feel-evaluate.js';
import { checkFeelExpression } from '../expressions/feel-syntax.js';

export type RenderOutcome = { ok: true; text: string } | { ok: false; message: string };

interface Piece {
  readonly literal?: string;
  readonly expression?: string;
}

function pieces(template: string): Piece[] | string {
  const found: Piece[] = [];
  let index = 0;
  while (index < template.length) {
    const open = template.indexOf('{{', index);
    if (open === -1) break;
    const close = template.indexOf('}}', open + 2);
    if (close === -1) return 'a placeholder {{ is not closed';
    const expression = template.slice(open + 2, close).trim();
    if (expression === '') return 'a placeholder is empty';
    found.push({ literal: template.slice(index, open) }, { expression });
    index = close + 2;
  }
  found.push({ literal: template.slice(index) });
  return found;
}

/** Problems with a template's placeholders (unclosed, empty, FEEL syntax), for the admin API. */
export function templateProblems(template: string): string[] {
  const parsed = pieces(template);
  if (typeof parsed === 'string') return [parsed];
  return parsed.flatMap((piece) => {
    if (piece.expression === undefined) return [];
    const syntax = checkFeelExpression(piece.expression);
    return syntax.valid
      ? []
      : [`{{ ${piece.expression} }}: not a FEEL expression (at ${syntax.errorOffset ?? 0})`];
  });
}

export function renderTemplate(
  template: string,
  variables: Readonly<Record<string, unknown>>,
  now: string,
): RenderOutcome {
  const parsed = pieces(template);
  if (typeof parsed === 'string') return { ok: false, message: parsed };
  let text = '';
  for (const piece of parsed) {
    if (piece.literal !== undefined) {
      text += piece.literal;
      continue;
    }
    const value = evaluateFeel(piece.expression ?? '', variables, now);
    if (!value.ok) return { ok: false, message: `{{ ${piece.expression} }}: ${value.message}` };
    text +=
      value.value === null ? '' : typeof value.value === 'string' ? value.value : JSON.stringify(value.value);
  }
  return { ok: true, text };
}

/**
 * Connector templates, filled from the job's variables with FEEL: `{expression}` placeholders in a path
 * (each value URL-encoded as one path segment), and strings starting with `=` in query values, headers and
 * bodies. A template that cannot be evaluated is reported, never thrown.
 */
import { evaluateFeel } from '../expressions/feel-evaluate.js';
import type { JsonValue } from '../expressions/json-value.js';

export type TemplateOutcome<T> = { ok: true; value: T } | { ok: false; message: string };

/** The expressions between braces, in order; `undefined` when a brace is unclosed or a placeholder empty. */
export function pathPlaceholders(path: string): string[] | undefined {
  const found: string[] = [];
  let index = 0;
  while (index < path.length) {
    const open = path.indexOf('{', index);
    const stray = path.indexOf('}', index);
    if (open === -1) return stray === -1 ? found : undefined;
    if (stray !== -1 && stray < open) return undefined;
    const close = path.indexOf('}', open);
    const expression = close === -1 ? '' : path.slice(open + 1, close).trim();
    if (expression === '' || expression.includes('{')) return undefined;
    found.push(expression);
    index = close + 1;
  }
  return found;
}

export function renderPath(
  path: string,
  variables: Readonly<Record<string, unknown>>,
  now: string,
): TemplateOutcome<string> {
  let rendered = '';
  let index = 0;
  while (index < path.length) {
    const open = path.indexOf('{', index);
    if (open === -1) break;
    const close = path.indexOf('}', open);
    if (close === -1) return { ok: false, message: `unclosed placeholder in path ${path}` };
    const value = evaluateFeel(path.slice(open + 1, close), variables, now);
    if (!value.ok) return { ok: false, message: `path ${path}: ${value.message}` };
    if (value.value === null)
      return { ok: false, message: `path ${path}: {${path.slice(open + 1, close)}} is null` };
    rendered += path.slice(index, open) + encodeURIComponent(scalarText(value.value));
    index = close + 1;
  }
  return { ok: true, value: rendered + path.slice(index) };
}

/** A query value or header: FEEL when it starts with `=`, else the text itself. Null means "leave out". */
export function renderText(
  template: string,
  variables: Readonly<Record<string, unknown>>,
  now: string,
): TemplateOutcome<string | undefined> {
  if (!template.startsWith('=')) return { ok: true, value: template };
  const value = evaluateFeel(template.slice(1), variables, now);
  if (!value.ok) return { ok: false, message: `${template}: ${value.message}` };
  return { ok: true, value: value.value === null ? undefined : scalarText(value.value) };
}

/** A body template: every string starting with `=` anywhere in it is replaced by its FEEL value. */
export function renderBody(
  template: unknown,
  variables: Readonly<Record<string, unknown>>,
  now: string,
): TemplateOutcome<JsonValue> {
  if (typeof template === 'string' && template.startsWith('=')) {
    const value = evaluateFeel(template.slice(1), variables, now);
    return value.ok
      ? { ok: true, value: value.value }
      : { ok: false, message: `body ${template}: ${value.message}` };
  }
  if (Array.isArray(template)) {
    const items: JsonValue[] = [];
    for (const item of template) {
      const rendered = renderBody(item, variables, now);
      if (!rendered.ok) return rendered;
      items.push(rendered.value);
    }
    return { ok: true, value: items };
  }
  if (typeof template === 'object' && template !== null) {
    const fields: Record<string, JsonValue> = {};
    for (const [key, item] of Object.entries(template)) {
      const rendered = renderBody(item, variables, now);
      if (!rendered.ok) return rendered;
      fields[key] = rendered.value;
    }
    return { ok: true, value: fields };
  }
  return { ok: true, value: template as JsonValue };
}

function scalarText(value: JsonValue): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * How diagnostics name model elements and quote model text, in one place so that every stage (parser,
 * rules) words them alike.
 */
import type { ModdleElement } from './moddle-element.js';

/** Quoted model text is cut short: hostile input must not blow up every message that quotes it. */
export function clipText(text: string, limit = 80): string {
  return text.length > limit ? `${text.slice(0, limit)}…` : text;
}

/**
 * `UserTask "approve" (Approve order)`: the BPMN type without its `bpmn:` prefix, the id, and the name
 * (whitespace collapsed) when there is one.
 */
export function elementDescription(type: string, id: string | undefined, name: string | undefined): string {
  const kind = type.replace(/^bpmn:/, '');
  const shownName = name?.replace(/\s+/g, ' ').trim() ?? '';
  const idPart = id !== undefined ? ` "${clipText(id)}"` : '';
  return `${kind}${idPart}${shownName !== '' ? ` (${clipText(shownName)})` : ''}`;
}

export function describeElement(element: ModdleElement): string {
  return elementDescription(
    element.$type,
    element.id,
    typeof element.name === 'string' ? element.name : undefined,
  );
}

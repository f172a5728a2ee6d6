/**
 * References in BPMN are QNames. bpmn-moddle resolves only plain ids, so an unresolved `prefix:local`
 * reference is classified here:
 * - the prefix is bound to the document's own targetNamespace (`tns:_4`) or to the BPMN model namespace: it
 *   names a local element, and is resolved in place;
 * - the prefix is bound to another namespace (an imported BPMN document, XML Schema types, WSDL): it names
 *   something outside this document, which Caseflow does not load, so it cannot be checked here;
 * - anything else (no prefix, or an undeclared prefix) is a dangling reference.
 */
import type { ModdleElement } from './moddle-element.js';

const bpmnModelNamespace = 'http://www.omg.org/spec/BPMN/20100524/MODEL';

export type QualifiedReference =
  | { readonly kind: 'local'; readonly target: ModdleElement }
  | { readonly kind: 'external'; readonly namespace: string; readonly imported: boolean }
  | { readonly kind: 'dangling' };

export function classifyReference(
  value: string,
  definitions: ModdleElement,
  elementsById: Readonly<Record<string, ModdleElement>>,
): QualifiedReference {
  const separator = value.indexOf(':');
  if (separator <= 0) return { kind: 'dangling' };
  const namespace = definitions.$attrs?.[`xmlns:${value.slice(0, separator)}`];
  if (namespace === undefined) return { kind: 'dangling' };
  // Some exporters qualify local ids with the BPMN model prefix itself; no other document can be meant.
  if (namespace === definitions['targetNamespace'] || namespace === bpmnModelNamespace) {
    const target = elementsById[value.slice(separator + 1)];
    return target ? { kind: 'local', target } : { kind: 'dangling' };
  }
  const imports = Array.isArray(definitions['imports']) ? (definitions['imports'] as ModdleElement[]) : [];
  return { kind: 'external', namespace, imported: imports.some((entry) => entry['namespace'] === namespace) };
}

interface ReferenceProperty {
  readonly name: string;
  readonly isMany?: boolean;
}

/** Puts a reference moddle dropped back in place (moddle removes unresolved entries from collections). */
export function restoreReference(element: ModdleElement, property: string, target: ModdleElement): void {
  const descriptor = (
    element as { $descriptor?: { propertiesByName?: Record<string, ReferenceProperty | undefined> } }
  ).$descriptor;
  const declared = descriptor?.propertiesByName?.[property];
  if (!declared) return;
  const writable = element as unknown as Record<string, unknown>;
  if (declared.isMany) {
    const current = Array.isArray(writable[declared.name]) ? (writable[declared.name] as unknown[]) : [];
    writable[declared.name] = [...current, target];
  } else {
    writable[declared.name] = target;
  }
}

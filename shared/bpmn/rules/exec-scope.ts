/**
 * Which elements Caseflow will run: Caseflow-level rules only look at executable processes, so a
 * documentation-only process or a partner's pool never blocks a deployment.
 */
import type { ModelIndex } from '../model-index.js';
import { booleanProperty, type ModdleElement } from '../moddle-element.js';

export function isExecutableProcess(element: ModdleElement): boolean {
  return element.$type === 'bpmn:Process' && booleanProperty(element, 'isExecutable') === true;
}

/** The process that (directly or through sub-processes) contains a flow element. */
export function processOf(element: ModdleElement, model: ModelIndex): ModdleElement | undefined {
  let scope = model.scopeOf.get(element);
  while (scope && scope.$type !== 'bpmn:Process') scope = model.scopeOf.get(scope);
  return scope;
}

/** The nearest ancestor flow element of an element nested inside one (an event definition, a loop). */
export function owningFlowElement(element: ModdleElement, model: ModelIndex): ModdleElement | undefined {
  let current: ModdleElement | undefined = element;
  while (current && !model.scopeOf.has(current)) current = current.$parent;
  return current;
}

export function inExecutableProcess(element: ModdleElement, model: ModelIndex): boolean {
  const owner = owningFlowElement(element, model);
  const process = owner ? processOf(owner, model) : undefined;
  return process !== undefined && isExecutableProcess(process);
}

/** A short name for messages: `serviceTask "charge"` style, naming the element by its BPMN type and id. */
export function describeElement(element: ModdleElement): string {
  const name = typeof element.name === 'string' ? element.name.replace(/\s+/g, ' ').trim() : '';
  const label = name !== '' ? ` (${name})` : '';
  return `${element.$type} "${element.id ?? '(no id)'}"${label}`;
}

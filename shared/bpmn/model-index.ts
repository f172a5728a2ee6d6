/**
 * One walk over the parsed model that every validation rule and the compiler share: all elements in
 * document order, the processes, and for each flow element its containing scope.
 */
import { elementList, isA, isModdleElement, type ModdleElement } from './moddle-element.js';

interface PropertyDescriptor {
  readonly name: string;
  readonly isReference?: boolean;
  readonly isMany?: boolean;
  readonly type?: string;
}

function containedChildren(element: ModdleElement): ModdleElement[] {
  const descriptor = (element as { $descriptor?: { properties?: PropertyDescriptor[] } }).$descriptor;
  const children: ModdleElement[] = [];
  for (const property of descriptor?.properties ?? []) {
    if (property.isReference) continue;
    const value = element[property.name];
    // A loop, not push(...list): a list of 100,000 children would overflow the argument stack.
    if (Array.isArray(value)) {
      for (const child of value) if (isModdleElement(child)) children.push(child);
    } else if (isModdleElement(value)) children.push(value);
  }
  return children;
}

export interface ModelIndex {
  readonly definitions: ModdleElement;
  /** Every element reachable by containment, in document order (depth first). */
  readonly elements: readonly ModdleElement[];
  readonly processes: readonly ModdleElement[];
  /** Flow nodes and sequence flows with the process or sub-process that directly contains them. */
  readonly scopeOf: ReadonlyMap<ModdleElement, ModdleElement>;
  /** Flow elements (inside sub-processes too) with the top-level process that contains them. */
  readonly processOf: ReadonlyMap<ModdleElement, ModdleElement>;
  readonly flowNodes: readonly ModdleElement[];
  readonly sequenceFlows: readonly ModdleElement[];
  /** Elements of one exact or super type (`bpmn:Activity` includes every task kind). */
  ofType(type: string): ModdleElement[];
}

export function indexModel(definitions: ModdleElement): ModelIndex {
  const elements: ModdleElement[] = [];
  const pending: ModdleElement[] = [definitions];
  const seen = new Set<ModdleElement>();
  // Iterative pre-order walk: deep documents must not exhaust the call stack.
  while (pending.length > 0) {
    const element = pending.pop() as ModdleElement;
    if (seen.has(element)) continue;
    seen.add(element);
    elements.push(element);
    const children = containedChildren(element);
    for (let index = children.length - 1; index >= 0; index -= 1)
      pending.push(children[index] as ModdleElement);
  }
  const scopeOf = new Map<ModdleElement, ModdleElement>();
  const processOf = new Map<ModdleElement, ModdleElement>();
  const flowNodes: ModdleElement[] = [];
  const sequenceFlows: ModdleElement[] = [];
  for (const element of elements) {
    if (!isA(element, 'bpmn:FlowElementsContainer')) continue;
    // Document order visits a container before the sub-processes inside it, so its process is known here.
    const process = element.$type === 'bpmn:Process' ? element : processOf.get(element);
    for (const flowElement of elementList(element, 'flowElements')) {
      scopeOf.set(flowElement, element);
      if (process) processOf.set(flowElement, process);
      if (isA(flowElement, 'bpmn:FlowNode')) flowNodes.push(flowElement);
      else if (isA(flowElement, 'bpmn:SequenceFlow')) sequenceFlows.push(flowElement);
    }
  }
  const byType = new Map<string, ModdleElement[]>();
  return {
    definitions,
    elements,
    processes: elements.filter((element) => element.$type === 'bpmn:Process'),
    scopeOf,
    processOf,
    flowNodes,
    sequenceFlows,
    ofType(type) {
      let matches = byType.get(type);
      if (!matches) {
        matches = elements.filter((element) => isA(element, type));
        byType.set(type, matches);
      }
      return matches;
    },
  };
}

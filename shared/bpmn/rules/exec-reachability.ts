/**
 * Flow nodes of an executable process that no token can ever reach are almost always a modelling slip (a
 * missing sequence flow). A node is reachable when it is a start event of a reachable scope, an event
 * sub-process or compensation handler in one, a boundary event of a reachable activity, the target of a
 * flow from a reachable node, or a link catch event named by a reachable link throw event. In a scope
 * without start events, the nodes without incoming flows start (BPMN's implicit start). Only the outermost
 * unreachable scope is reported, not everything inside it.
 */
import type { ModelIndex } from '../model-index.js';
import {
  booleanProperty,
  elementList,
  elementProperty,
  isA,
  stringProperty,
  type ModdleElement,
} from '../moddle-element.js';
import { describeElement, isExecutableProcess } from './exec-scope.js';
import type { ValidationRule } from './rule.js';

function linkName(event: ModdleElement): string | undefined {
  const link = elementList(event, 'eventDefinitions').find((d) => d.$type === 'bpmn:LinkEventDefinition');
  return link ? (stringProperty(link, 'name') ?? '') : undefined;
}

function reachableNodes(process: ModdleElement, model: ModelIndex): Set<ModdleElement> {
  const reached = new Set<ModdleElement>();
  const pending: ModdleElement[] = [];
  // Edges come from sourceRef/targetRef: many tools never write <incoming>/<outgoing>.
  const targets = new Map<ModdleElement, ModdleElement[]>();
  const hasIncoming = new Set<ModdleElement>();
  for (const flow of model.sequenceFlows) {
    const source = elementProperty(flow, 'sourceRef');
    const target = elementProperty(flow, 'targetRef');
    if (!source || !target) continue;
    targets.set(source, [...(targets.get(source) ?? []), target]);
    hasIncoming.add(target);
  }
  const boundaryEvents = new Map<ModdleElement, ModdleElement[]>();
  for (const event of model.ofType('bpmn:BoundaryEvent')) {
    const activity = elementProperty(event, 'attachedToRef');
    if (activity) boundaryEvents.set(activity, [...(boundaryEvents.get(activity) ?? []), event]);
  }
  const mark = (node: ModdleElement | undefined) => {
    if (node && isA(node, 'bpmn:FlowNode') && !reached.has(node)) {
      reached.add(node);
      pending.push(node);
    }
  };
  const enter = (scope: ModdleElement) => {
    const nodes = elementList(scope, 'flowElements').filter((element) => isA(element, 'bpmn:FlowNode'));
    const hasStart = nodes.some((node) => node.$type === 'bpmn:StartEvent');
    for (const node of nodes) {
      const eventSubProcess =
        isA(node, 'bpmn:SubProcess') && booleanProperty(node, 'triggeredByEvent') === true;
      const implicitStart = !hasStart && !hasIncoming.has(node) && node.$type !== 'bpmn:BoundaryEvent';
      if (node.$type === 'bpmn:StartEvent' || eventSubProcess || implicitStart) mark(node);
      if (booleanProperty(node, 'isForCompensation') === true) mark(node);
    }
  };
  enter(process);
  while (pending.length > 0) {
    const node = pending.pop() as ModdleElement;
    for (const target of targets.get(node) ?? []) mark(target);
    for (const event of boundaryEvents.get(node) ?? []) mark(event);
    if (isA(node, 'bpmn:SubProcess')) enter(node);
    const link = node.$type === 'bpmn:IntermediateThrowEvent' ? linkName(node) : undefined;
    if (link !== undefined) {
      const scope = model.scopeOf.get(node);
      for (const candidate of scope ? elementList(scope, 'flowElements') : []) {
        if (candidate.$type === 'bpmn:IntermediateCatchEvent' && linkName(candidate) === link)
          mark(candidate);
      }
    }
  }
  return reached;
}

export const execReachabilityRule: ValidationRule = {
  name: 'exec-reachability',
  check({ model, sink }) {
    for (const process of model.processes.filter(isExecutableProcess)) {
      const reached = reachableNodes(process, model);
      const report = (scope: ModdleElement) => {
        for (const node of elementList(scope, 'flowElements')) {
          if (!isA(node, 'bpmn:FlowNode')) continue;
          if (reached.has(node)) {
            if (isA(node, 'bpmn:SubProcess')) report(node);
          } else {
            sink.report(
              'caseflow.unreachable-node',
              `${describeElement(node)} cannot be reached from any start event, boundary event or event sub-process.`,
              node.id !== undefined ? { element: node.id } : {},
            );
          }
        }
      };
      report(process);
    }
  },
};

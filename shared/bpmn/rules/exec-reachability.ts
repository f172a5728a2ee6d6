/**
 * Flow nodes of an executable process that no token can ever reach are almost always a modelling slip (a
 * missing sequence flow). A node is reachable when it is a start event of a reachable scope, an event
 * sub-process or compensation handler in one, a boundary event of a reachable activity, the target of a
 * flow from a reachable node, or a link catch event named by a reachable link throw event. In a scope
 * without start events, the nodes without incoming flows start (BPMN's implicit start). Only the outermost
 * unreachable scope is reported, not everything inside it.
 */
import type { ModelIndex } from '../model-index.js';
import { elementList, elementProperty, isA, stringProperty, type ModdleElement } from '../moddle-element.js';
import { describeElement } from '../element-description.js';
import {
  atOwn,
  boundaryEventsOf,
  incomingOf,
  isEventSubProcess,
  isExecutableProcess,
  isForCompensation,
  outgoingOf,
} from './element-helpers.js';
import { appendTo } from '../multi-map.js';
import type { ValidationRule } from './rule.js';

function linkName(event: ModdleElement): string | undefined {
  const link = elementList(event, 'eventDefinitions').find((d) => d.$type === 'bpmn:LinkEventDefinition');
  return link ? (stringProperty(link, 'name') ?? '') : undefined;
}

function reachableNodes(process: ModdleElement, model: ModelIndex): Set<ModdleElement> {
  const reached = new Set<ModdleElement>();
  const pending: ModdleElement[] = [];
  // A flow only counts as an edge when both of its ends are known.
  const hasIncoming = (node: ModdleElement) =>
    incomingOf(model, node).some((flow) => elementProperty(flow, 'sourceRef') !== undefined);
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
      const implicitStart = !hasStart && !hasIncoming(node) && node.$type !== 'bpmn:BoundaryEvent';
      if (node.$type === 'bpmn:StartEvent' || isEventSubProcess(node) || implicitStart) mark(node);
      if (isForCompensation(node)) mark(node);
    }
  };
  // Link catch events by name, per scope: collected once per scope, not once per throwing link.
  const linkCatches = new Map<ModdleElement, Map<string, ModdleElement[]>>();
  const linkCatchesIn = (scope: ModdleElement) => {
    let byName = linkCatches.get(scope);
    if (!byName) {
      byName = new Map();
      for (const candidate of elementList(scope, 'flowElements')) {
        const name = candidate.$type === 'bpmn:IntermediateCatchEvent' ? linkName(candidate) : undefined;
        if (name !== undefined) appendTo(byName, name, candidate);
      }
      linkCatches.set(scope, byName);
    }
    return byName;
  };
  enter(process);
  while (pending.length > 0) {
    const node = pending.pop() as ModdleElement;
    for (const flow of outgoingOf(model, node)) mark(elementProperty(flow, 'targetRef'));
    for (const event of boundaryEventsOf(model, node)) mark(event);
    if (isA(node, 'bpmn:SubProcess')) enter(node);
    const link = node.$type === 'bpmn:IntermediateThrowEvent' ? linkName(node) : undefined;
    const scope = model.scopeOf.get(node);
    if (link !== undefined && scope) linkCatchesIn(scope).get(link)?.forEach(mark);
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
              atOwn(node),
            );
          }
        }
      };
      report(process);
    }
  },
};

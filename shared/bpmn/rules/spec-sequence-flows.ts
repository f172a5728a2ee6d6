/**
 * Sequence flow rules of BPMN 2.0 (section 8.4.13 and the event and gateway sections): both ends exist, are
 * activities, gateways or events of the flow's own process level, and may take part in sequence flow at all;
 * the `incoming`/`outgoing` lists agree with sourceRef/targetRef; conditions and default flows sit only
 * where the source allows them.
 */
import { elementList, elementProperty, isA, type ModdleElement } from '../moddle-element.js';
import type { DiagnosticSink } from '../diagnostics.js';
import type { ModelIndex } from '../model-index.js';
import type { ValidationRule } from './rule.js';
import { describeElement } from '../element-description.js';
import { at, eventDefinitionsOf, isEventSubProcess, outgoingOf } from './element-helpers.js';

// Choreography activities are the flow nodes of choreographies.
const connectable = ['bpmn:Activity', 'bpmn:Gateway', 'bpmn:Event', 'bpmn:ChoreographyActivity'];

function checkEnd(
  flow: ModdleElement,
  end: 'sourceRef' | 'targetRef',
  model: ModelIndex,
  sink: DiagnosticSink,
): ModdleElement | undefined {
  const node = elementProperty(flow, end);
  const role = end === 'sourceRef' ? 'source' : 'target';
  if (!node) {
    sink.report('spec.sequence-flow-endpoint', `${describeElement(flow)} has no ${role}.`, at(flow));
    return undefined;
  }
  if (!connectable.some((type) => isA(node, type)) || isEventSubProcess(node)) {
    sink.report(
      'spec.sequence-flow-endpoint',
      `${describeElement(flow)} has ${describeElement(node)} as ${role}; only activities (not event sub-processes), gateways and events can be.`,
      at(flow),
    );
    return undefined;
  }
  if (model.scopeOf.get(node) !== model.scopeOf.get(flow)) {
    sink.report(
      'spec.sequence-flow-cross-scope',
      `${describeElement(flow)} connects ${describeElement(node)} from another process, pool or sub-process level.`,
      at(flow),
    );
  }
  return node;
}

function checkEventRoles(
  flow: ModdleElement,
  source: ModdleElement | undefined,
  target: ModdleElement | undefined,
  sink: DiagnosticSink,
): void {
  if (target && isA(target, 'bpmn:StartEvent'))
    sink.report(
      'spec.start-event-incoming',
      `${describeElement(target)} is the target of ${describeElement(flow)}.`,
      at(target),
    );
  if (source && isA(source, 'bpmn:EndEvent'))
    sink.report(
      'spec.end-event-outgoing',
      `${describeElement(source)} is the source of ${describeElement(flow)}.`,
      at(source),
    );
  if (target && isA(target, 'bpmn:BoundaryEvent'))
    sink.report(
      'spec.boundary-event',
      `${describeElement(target)} is the target of ${describeElement(flow)}.`,
      at(target),
    );
  if (
    source &&
    isA(source, 'bpmn:BoundaryEvent') &&
    eventDefinitionsOf(source).some((definition) => isA(definition, 'bpmn:CompensateEventDefinition'))
  )
    sink.report(
      'spec.boundary-event',
      `Compensation ${describeElement(source)} may only be associated with its handler, not be the source of ${describeElement(flow)}.`,
      at(source),
    );
}

/** A node that lists its flows must list this one; a node that lists none leaves them implied. */
function checkListed(
  flow: ModdleElement,
  node: ModdleElement | undefined,
  list: 'incoming' | 'outgoing',
  sink: DiagnosticSink,
): void {
  if (!node) return;
  const listed = elementList(node, list);
  if (listed.length === 0 || listed.includes(flow)) return;
  sink.report(
    'spec.sequence-flow-endpoint',
    `${describeElement(node)} lists its ${list} flows but not ${describeElement(flow)}.`,
    at(node),
  );
}

function checkListedFlowsPointBack(model: ModelIndex, sink: DiagnosticSink): void {
  for (const node of model.flowNodes) {
    for (const list of ['incoming', 'outgoing'] as const) {
      const end = list === 'incoming' ? 'targetRef' : 'sourceRef';
      for (const flow of elementList(node, list)) {
        if (!isA(flow, 'bpmn:SequenceFlow') || elementProperty(flow, end) === node) continue;
        sink.report(
          'spec.sequence-flow-endpoint',
          `${describeElement(node)} lists ${describeElement(flow)} as ${list}, but the flow does not ${list === 'incoming' ? 'end' : 'start'} there.`,
          at(node),
        );
      }
    }
  }
}

function checkCondition(
  flow: ModdleElement,
  source: ModdleElement | undefined,
  model: ModelIndex,
  sink: DiagnosticSink,
): void {
  if (!source || !elementProperty(flow, 'conditionExpression')) return;
  const allowed =
    isA(source, 'bpmn:ExclusiveGateway') ||
    isA(source, 'bpmn:InclusiveGateway') ||
    isA(source, 'bpmn:ComplexGateway') ||
    isA(source, 'bpmn:Activity');
  if (!allowed) {
    sink.report(
      'spec.conditional-flow',
      `${describeElement(flow)} has a condition, which ${describeElement(source)} does not allow.`,
      at(flow),
    );
  } else if (isA(source, 'bpmn:Activity') && outgoingOf(model, source).length === 1) {
    sink.report(
      'spec.conditional-flow',
      `${describeElement(flow)} is the only outgoing flow of ${describeElement(source)} and has a condition; a conditional flow from an activity needs at least one other outgoing flow.`,
      at(flow),
    );
  }
}

function checkDefaultFlows(model: ModelIndex, sink: DiagnosticSink): void {
  for (const node of model.flowNodes) {
    const defaultFlow = elementProperty(node, 'default');
    if (!defaultFlow) continue;
    if (elementProperty(defaultFlow, 'sourceRef') !== node) {
      sink.report(
        'spec.default-flow',
        `The default flow of ${describeElement(node)} is ${describeElement(defaultFlow)}, which does not start there.`,
        at(node),
      );
    } else if (elementProperty(defaultFlow, 'conditionExpression')) {
      sink.report(
        'spec.default-flow',
        `${describeElement(defaultFlow)} is the default flow of ${describeElement(node)} and may not have a condition.`,
        at(defaultFlow),
      );
    }
  }
}

export const specSequenceFlowsRule: ValidationRule = {
  name: 'spec-sequence-flows',
  check({ model, sink }) {
    for (const flow of model.sequenceFlows) {
      const source = checkEnd(flow, 'sourceRef', model, sink);
      const target = checkEnd(flow, 'targetRef', model, sink);
      checkEventRoles(flow, source, target, sink);
      checkListed(flow, source, 'outgoing', sink);
      checkListed(flow, target, 'incoming', sink);
      checkCondition(flow, source, model, sink);
    }
    checkListedFlowsPointBack(model, sink);
    checkDefaultFlows(model, sink);
  },
};

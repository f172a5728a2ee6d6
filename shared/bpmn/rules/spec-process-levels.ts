/**
 * Rules for one process level (a process or a sub-process) of BPMN 2.0 (sections 10.5.2, 10.5.3 and 10.2.5):
 * start and end events come together; when they are used, every other node is reached by and leaves through
 * sequence flows; an event sub-process has exactly one start event; an ad-hoc sub-process holds activities
 * and no start or end events.
 */
import { elementList, isA, type ModdleElement } from '../moddle-element.js';
import type { DiagnosticSink } from '../diagnostics.js';
import type { ModelIndex } from '../model-index.js';
import type { ValidationRule } from './rule.js';
import { describeElement } from '../element-description.js';
import {
  at,
  definitionKinds,
  incomingOf,
  isEventSubProcess,
  isForCompensation,
  outgoingOf,
} from './element-helpers.js';

const link = 'bpmn:LinkEventDefinition';

function instantiates(node: ModdleElement): boolean {
  return (
    (isA(node, 'bpmn:ReceiveTask') || isA(node, 'bpmn:EventBasedGateway')) && node['instantiate'] === true
  );
}

/** Nodes outside the normal flow, which need no incoming or outgoing sequence flow. */
function outsideNormalFlow(node: ModdleElement): boolean {
  return isEventSubProcess(node) || isForCompensation(node) || isA(node, 'bpmn:BoundaryEvent');
}

function needsIncoming(node: ModdleElement): boolean {
  if (outsideNormalFlow(node) || instantiates(node) || isA(node, 'bpmn:StartEvent')) return false;
  return !(isA(node, 'bpmn:IntermediateCatchEvent') && definitionKinds(node).includes(link));
}

function needsOutgoing(node: ModdleElement): boolean {
  if (outsideNormalFlow(node) || isA(node, 'bpmn:EndEvent')) return false;
  return !(isA(node, 'bpmn:IntermediateThrowEvent') && definitionKinds(node).includes(link));
}

function checkLevel(scope: ModdleElement, model: ModelIndex, sink: DiagnosticSink): void {
  const nodes = elementList(scope, 'flowElements').filter((element) => isA(element, 'bpmn:FlowNode'));
  const starts = nodes.filter((node) => isA(node, 'bpmn:StartEvent'));
  const ends = nodes.filter((node) => isA(node, 'bpmn:EndEvent'));
  if (isA(scope, 'bpmn:AdHocSubProcess')) {
    if (!nodes.some((node) => isA(node, 'bpmn:Activity')))
      sink.report('spec.ad-hoc-sub-process', `${describeElement(scope)} contains no activity.`, at(scope));
    for (const node of [...starts, ...ends])
      sink.report(
        'spec.ad-hoc-sub-process',
        `${describeElement(node)} may not be used in an ad-hoc sub-process.`,
        at(node),
      );
    return;
  }
  if (isEventSubProcess(scope) && starts.length !== 1)
    sink.report(
      'spec.sub-process-structure',
      `Event sub-process ${describeElement(scope)} has ${starts.length} start events; it needs exactly one.`,
      at(scope),
    );
  if (ends.length > 0 && starts.length === 0 && !nodes.some(instantiates))
    sink.report(
      'spec.start-end-pairing',
      `${describeElement(scope)} uses end events but has no start event.`,
      at(scope),
    );
  if (starts.length > 0 && ends.length === 0)
    sink.report(
      'spec.start-end-pairing',
      `${describeElement(scope)} uses start events but has no end event.`,
      at(scope),
    );
  for (const node of nodes) {
    if (starts.length > 0 && needsIncoming(node) && incomingOf(model, node).length === 0)
      sink.report(
        'spec.start-end-pairing',
        `${describeElement(node)} has no incoming sequence flow, though its level has a start event.`,
        at(node),
      );
    if (ends.length > 0 && needsOutgoing(node) && outgoingOf(model, node).length === 0)
      sink.report(
        'spec.start-end-pairing',
        `${describeElement(node)} has no outgoing sequence flow, though its level has an end event.`,
        at(node),
      );
  }
}

export const specProcessLevelsRule: ValidationRule = {
  name: 'spec-process-levels',
  check({ model, sink }) {
    for (const scope of model.ofType('bpmn:Process')) checkLevel(scope, model, sink);
    for (const scope of model.ofType('bpmn:SubProcess')) checkLevel(scope, model, sink);
  },
};

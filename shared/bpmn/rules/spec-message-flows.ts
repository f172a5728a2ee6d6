/**
 * Message flow rules of BPMN 2.0 (sections 9.3 and 10.5): a message flow connects two different pools,
 * and only elements that can send (its source) or receive (its target) messages.
 */
import { elementList, elementProperty, isA, type ModdleElement } from '../moddle-element.js';
import type { ModelIndex } from '../model-index.js';
import type { ValidationRule } from './rule.js';
import { describeElement } from '../element-description.js';
import { at, definitionKinds, processOf } from './element-helpers.js';

/** The participant (pool) of each process: the first one that names it. */
function poolsByProcess(participants: readonly ModdleElement[]): Map<ModdleElement, ModdleElement> {
  const pools = new Map<ModdleElement, ModdleElement>();
  for (const participant of participants) {
    const process = elementProperty(participant, 'processRef');
    if (process && !pools.has(process)) pools.set(process, participant);
  }
  return pools;
}

/** The pool of a message flow's end: the participant itself, or the participant whose process holds it. */
function poolOf(
  model: ModelIndex,
  node: ModdleElement,
  pools: ReadonlyMap<ModdleElement, ModdleElement>,
): ModdleElement | undefined {
  if (isA(node, 'bpmn:Participant')) return node;
  const process = processOf(model, node);
  return process ? pools.get(process) : undefined;
}

function sendsOrReceivesMessages(event: ModdleElement): boolean {
  return definitionKinds(event).includes('bpmn:MessageEventDefinition');
}

/** Participant multiplicity (section 9.2): 0 <= minimum <= maximum, maximum >= 1. */
export const specParticipantMultiplicityRule: ValidationRule = {
  name: 'spec-participant-multiplicity',
  check({ model, sink }) {
    for (const multiplicity of model.ofType('bpmn:ParticipantMultiplicity')) {
      const minimum = typeof multiplicity['minimum'] === 'number' ? multiplicity['minimum'] : 0;
      const maximum = typeof multiplicity['maximum'] === 'number' ? multiplicity['maximum'] : 1;
      if (minimum < 0 || maximum < 1 || maximum < minimum)
        sink.report(
          'spec.structure',
          `Participant multiplicity ${minimum}..${maximum} is invalid: the minimum may not be negative and the maximum must be at least 1 and the minimum.`,
          at(multiplicity),
        );
    }
  },
};

export const specMessageFlowsRule: ValidationRule = {
  name: 'spec-message-flows',
  check({ model, sink }) {
    const pools = poolsByProcess(model.ofType('bpmn:Participant'));
    for (const collaboration of model.ofType('bpmn:Collaboration')) {
      for (const flow of elementList(collaboration, 'messageFlows')) {
        const source = elementProperty(flow, 'sourceRef');
        const target = elementProperty(flow, 'targetRef');
        if (!source || !target) {
          sink.report(
            'spec.message-flow',
            `${describeElement(flow)} needs both a source and a target.`,
            at(flow),
          );
          continue;
        }
        const sourcePool = poolOf(model, source, pools);
        if (sourcePool && sourcePool === poolOf(model, target, pools))
          sink.report(
            'spec.message-flow',
            `${describeElement(flow)} connects two elements of one pool.`,
            at(flow),
          );
        if (
          isA(source, 'bpmn:StartEvent') ||
          isA(source, 'bpmn:IntermediateCatchEvent') ||
          isA(source, 'bpmn:BoundaryEvent')
        )
          sink.report(
            'spec.message-flow',
            `${describeElement(flow)} starts at ${describeElement(source)}, which cannot send messages.`,
            at(flow),
          );
        if (isA(target, 'bpmn:EndEvent') || isA(target, 'bpmn:IntermediateThrowEvent'))
          sink.report(
            'spec.message-flow',
            `${describeElement(flow)} ends at ${describeElement(target)}, which cannot receive messages.`,
            at(flow),
          );
        if (isA(source, 'bpmn:ThrowEvent') && !sendsOrReceivesMessages(source))
          sink.report(
            'spec.message-flow',
            `${describeElement(flow)} starts at ${describeElement(source)}, which throws no message.`,
            at(flow),
          );
        if (isA(target, 'bpmn:CatchEvent') && !sendsOrReceivesMessages(target))
          sink.report(
            'spec.message-flow',
            `${describeElement(flow)} ends at ${describeElement(target)}, which catches no message.`,
            at(flow),
          );
      }
    }
  },
};

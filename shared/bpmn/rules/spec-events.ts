/**
 * Event rules of BPMN 2.0 (section 10.5): which event definitions each kind of event may carry where it
 * stands, the sequence flows each kind needs, and how boundary events attach.
 */
import { elementList, elementProperty, isA, type ModdleElement } from '../moddle-element.js';
import type { DiagnosticSink } from '../diagnostics.js';
import type { ModelIndex } from '../model-index.js';
import type { ValidationRule } from './rule.js';
import { describeElement } from '../element-description.js';
import {
  at,
  definitionKinds,
  eventDefinitionsOf,
  incomingOf,
  isEventSubProcess,
  outgoingOf,
  inExecutableProcess,
} from './element-helpers.js';

const message = 'bpmn:MessageEventDefinition';
const timer = 'bpmn:TimerEventDefinition';
const conditional = 'bpmn:ConditionalEventDefinition';
const signal = 'bpmn:SignalEventDefinition';
const escalation = 'bpmn:EscalationEventDefinition';
const error = 'bpmn:ErrorEventDefinition';
const compensate = 'bpmn:CompensateEventDefinition';
const cancel = 'bpmn:CancelEventDefinition';
const terminate = 'bpmn:TerminateEventDefinition';
const link = 'bpmn:LinkEventDefinition';

const allowedTriggers = {
  processStart: [message, timer, conditional, signal],
  eventSubProcessStart: [message, timer, conditional, signal, escalation, error, compensate],
  end: [message, escalation, error, cancel, compensate, signal, terminate],
  intermediateCatch: [message, timer, conditional, link, signal],
  intermediateThrow: [message, escalation, compensate, link, signal],
  interruptingBoundary: [message, timer, conditional, signal, escalation, error, cancel, compensate],
  nonInterruptingBoundary: [message, timer, conditional, signal, escalation],
};

function short(type: string): string {
  return type.replace(/^bpmn:(.*)EventDefinition$/, '$1').toLowerCase();
}

function checkAllowed(
  event: ModdleElement,
  allowed: readonly string[],
  where: string,
  sink: DiagnosticSink,
): void {
  for (const kind of definitionKinds(event)) {
    if (allowed.includes(kind)) continue;
    sink.report(
      'spec.event-definition',
      `${describeElement(event)} ${where} may not have a ${short(kind)} trigger (allowed: ${allowed.map(short).join(', ')}).`,
      at(event),
    );
  }
}

function requireTrigger(event: ModdleElement, where: string, sink: DiagnosticSink): void {
  if (eventDefinitionsOf(event).length === 0)
    sink.report('spec.event-definition', `${describeElement(event)} ${where} needs a trigger.`, at(event));
}

function checkStartEvent(event: ModdleElement, scope: ModdleElement | undefined, sink: DiagnosticSink): void {
  if (!scope) return;
  if (isEventSubProcess(scope)) {
    requireTrigger(event, 'in an event sub-process', sink);
    const interrupting = event['isInterrupting'] !== false;
    const allowed = allowedTriggers.eventSubProcessStart.filter(
      (kind) => interrupting || (kind !== error && kind !== compensate),
    );
    checkAllowed(event, allowed, `in an ${interrupting ? '' : 'non-interrupting '}event sub-process`, sink);
  } else if (isA(scope, 'bpmn:SubProcess')) {
    checkAllowed(event, [], 'in a sub-process', sink);
  } else if (isA(scope, 'bpmn:Process')) {
    checkAllowed(event, allowedTriggers.processStart, 'of a process', sink);
  }
}

function checkEndEvent(event: ModdleElement, scope: ModdleElement | undefined, sink: DiagnosticSink): void {
  checkAllowed(event, allowedTriggers.end, 'as an end event', sink);
  if (definitionKinds(event).includes(cancel) && !(scope && isA(scope, 'bpmn:Transaction')))
    sink.report(
      'spec.event-definition',
      `Cancel ${describeElement(event)} is allowed only in a transaction.`,
      at(event),
    );
}

function checkBoundaryEvent(event: ModdleElement, model: ModelIndex, sink: DiagnosticSink): void {
  const interrupting = event['cancelActivity'] !== false;
  requireTrigger(event, 'as a boundary event', sink);
  checkAllowed(
    event,
    interrupting ? allowedTriggers.interruptingBoundary : allowedTriggers.nonInterruptingBoundary,
    interrupting ? 'as an interrupting boundary event' : 'as a non-interrupting boundary event',
    sink,
  );
  const host = elementProperty(event, 'attachedToRef');
  if (!host) {
    sink.report(
      'spec.boundary-event',
      `${describeElement(event)} is not attached to an activity.`,
      at(event),
    );
  } else if (isA(host, 'bpmn:Activity') && model.scopeOf.get(host) !== model.scopeOf.get(event)) {
    sink.report(
      'spec.boundary-event',
      `${describeElement(event)} is attached to ${describeElement(host)} of another process level.`,
      at(event),
    );
  }
  const kinds = definitionKinds(event);
  if (kinds.includes(cancel) && !(host && isA(host, 'bpmn:Transaction')))
    sink.report(
      'spec.boundary-event',
      `Cancel ${describeElement(event)} must be attached to a transaction.`,
      at(event),
    );
  if (!kinds.includes(compensate) && outgoingOf(model, event).length === 0)
    sink.report('spec.boundary-event', `${describeElement(event)} has no outgoing sequence flow.`, at(event));
}

function checkConnections(event: ModdleElement, model: ModelIndex, sink: DiagnosticSink): void {
  const incoming = incomingOf(model, event).length;
  const outgoing = outgoingOf(model, event).length;
  const isLink = definitionKinds(event).includes(link);
  const needsIncoming =
    isA(event, 'bpmn:EndEvent') ||
    isA(event, 'bpmn:IntermediateThrowEvent') ||
    (isA(event, 'bpmn:IntermediateCatchEvent') && !isLink);
  const needsOutgoing =
    isA(event, 'bpmn:StartEvent') ||
    isA(event, 'bpmn:IntermediateCatchEvent') ||
    (isA(event, 'bpmn:IntermediateThrowEvent') && !isLink);
  if (needsIncoming && incoming === 0)
    sink.report(
      'spec.flow-node-connections',
      `${describeElement(event)} has no incoming sequence flow.`,
      at(event),
    );
  if (needsOutgoing && outgoing === 0)
    sink.report(
      'spec.flow-node-connections',
      `${describeElement(event)} has no outgoing sequence flow.`,
      at(event),
    );
  if (isLink && incoming > 0 && outgoing > 0)
    sink.report(
      'spec.link-event',
      `Link ${describeElement(event)} is both the target and the source of sequence flows.`,
      at(event),
    );
}

/**
 * In an executable process a thrown escalation is caught by its code, so it must name an escalation that
 * has one (the specification's executable conformance; descriptive models may leave it open).
 */
function checkEscalationCode(event: ModdleElement, model: ModelIndex, sink: DiagnosticSink): void {
  if (!isA(event, 'bpmn:ThrowEvent') || !inExecutableProcess(model, event)) return;
  for (const definition of eventDefinitionsOf(event).filter((candidate) => isA(candidate, escalation))) {
    const thrown = elementProperty(definition, 'escalationRef');
    if (!thrown)
      sink.report('spec.escalation-code', `${describeElement(event)} throws no escalation.`, at(event));
    else if (isA(thrown, 'bpmn:Escalation') && !thrown['escalationCode'])
      sink.report(
        'spec.escalation-code',
        `${describeElement(event)} throws ${describeElement(thrown)}, which has no escalationCode.`,
        at(event),
      );
  }
}

/** A throw event's own definition describes what it throws; another event may not reuse it by reference. */
function checkSharedThrowDefinitions(model: ModelIndex, sink: DiagnosticSink): void {
  for (const event of model.ofType('bpmn:Event')) {
    for (const definition of elementList(event, 'eventDefinitionRef')) {
      const owner = definition.$parent;
      if (owner && owner !== event && isA(owner, 'bpmn:ThrowEvent'))
        sink.report(
          'spec.event-definition',
          `${describeElement(event)} reuses an event definition of ${describeElement(owner)}, which throws it.`,
          at(event),
        );
    }
  }
}

export const specEventsRule: ValidationRule = {
  name: 'spec-events',
  check({ model, sink }) {
    for (const event of model.ofType('bpmn:Event')) {
      const scope = model.scopeOf.get(event);
      // Events of choreographies are outside what Caseflow models.
      if (scope && isA(scope, 'bpmn:Choreography')) continue;
      if (isA(event, 'bpmn:StartEvent')) checkStartEvent(event, scope, sink);
      else if (isA(event, 'bpmn:EndEvent')) checkEndEvent(event, scope, sink);
      else if (isA(event, 'bpmn:BoundaryEvent')) checkBoundaryEvent(event, model, sink);
      else if (isA(event, 'bpmn:IntermediateCatchEvent'))
        checkAllowed(event, allowedTriggers.intermediateCatch, 'as an intermediate catch event', sink);
      else if (isA(event, 'bpmn:IntermediateThrowEvent'))
        checkAllowed(event, allowedTriggers.intermediateThrow, 'as an intermediate throw event', sink);
      if (isA(event, 'bpmn:IntermediateCatchEvent'))
        requireTrigger(event, 'as an intermediate catch event', sink);
      checkConnections(event, model, sink);
      checkEscalationCode(event, model, sink);
    }
    checkSharedThrowDefinitions(model, sink);
  },
};

/**
 * Gateway rules of BPMN 2.0 (section 10.6): a gateway splits or merges (or both, when declared mixed), its
 * declared direction matches its flows, and an event-based gateway is followed only by what can wait for
 * an event, each reached from the gateway alone.
 */
import { elementProperty, isA, type ModdleElement } from '../moddle-element.js';
import type { DiagnosticSink } from '../diagnostics.js';
import type { ModelIndex } from '../model-index.js';
import type { ValidationRule } from './rule.js';
import { describeElement } from '../element-description.js';
import { at, boundaryEventsOf, definitionKinds, incomingOf, outgoingOf } from './element-helpers.js';

function checkDirection(gateway: ModdleElement, model: ModelIndex, sink: DiagnosticSink): void {
  const incoming = incomingOf(model, gateway).length;
  const outgoing = outgoingOf(model, gateway).length;
  const direction = gateway['gatewayDirection'];
  if (direction === 'Converging' && outgoing > 1)
    sink.report(
      'spec.gateway-direction',
      `Converging ${describeElement(gateway)} has ${outgoing} outgoing flows.`,
      at(gateway),
    );
  if (direction === 'Diverging' && incoming > 1)
    sink.report(
      'spec.gateway-direction',
      `Diverging ${describeElement(gateway)} has ${incoming} incoming flows.`,
      at(gateway),
    );
  if (direction === 'Mixed' && (incoming < 2 || outgoing < 2))
    sink.report(
      'spec.gateway-direction',
      `Mixed ${describeElement(gateway)} needs several incoming and several outgoing flows.`,
      at(gateway),
    );
  const instantiating = isA(gateway, 'bpmn:EventBasedGateway') && gateway['instantiate'] === true;
  if (incoming < 2 && outgoing < 2 && !instantiating)
    sink.report(
      'spec.gateway-direction',
      `${describeElement(gateway)} neither splits nor merges: it needs several incoming or several outgoing flows.`,
      at(gateway),
    );
}

const waitingTriggers = [
  'bpmn:MessageEventDefinition',
  'bpmn:TimerEventDefinition',
  'bpmn:ConditionalEventDefinition',
  'bpmn:SignalEventDefinition',
];

function canFollowEventGateway(target: ModdleElement): boolean {
  if (isA(target, 'bpmn:ReceiveTask')) return true;
  if (!isA(target, 'bpmn:IntermediateCatchEvent')) return false;
  const kinds = definitionKinds(target);
  return kinds.length > 0 && kinds.every((kind) => waitingTriggers.includes(kind));
}

function checkEventBasedGateway(gateway: ModdleElement, model: ModelIndex, sink: DiagnosticSink): void {
  const outgoing = outgoingOf(model, gateway);
  if (outgoing.length < 2)
    sink.report(
      'spec.event-based-gateway',
      `${describeElement(gateway)} needs at least two outgoing flows.`,
      at(gateway),
    );
  if (gateway['instantiate'] === true && incomingOf(model, gateway).length > 0)
    sink.report(
      'spec.event-based-gateway',
      `Instantiating ${describeElement(gateway)} may not have incoming flows.`,
      at(gateway),
    );
  const targets = outgoing
    .map((flow) => elementProperty(flow, 'targetRef'))
    .filter((target) => target !== undefined);
  for (const target of targets) {
    if (!canFollowEventGateway(target)) {
      sink.report(
        'spec.event-based-gateway',
        `${describeElement(gateway)} leads to ${describeElement(target)}; only receive tasks and message, signal, timer or conditional catch events may follow it.`,
        at(gateway),
      );
      continue;
    }
    if (incomingOf(model, target).length > 1)
      sink.report(
        'spec.event-based-gateway',
        `${describeElement(target)} follows ${describeElement(gateway)} and may have no other incoming flow.`,
        at(target),
      );
    if (isA(target, 'bpmn:ReceiveTask') && boundaryEventsOf(model, target).length > 0)
      sink.report(
        'spec.event-based-gateway',
        `Receive ${describeElement(target)} follows ${describeElement(gateway)} and may have no boundary events.`,
        at(target),
      );
  }
  const receiveTasks = targets.some((target) => isA(target, 'bpmn:ReceiveTask'));
  const messageEvents = targets.some(
    (target) =>
      isA(target, 'bpmn:IntermediateCatchEvent') &&
      definitionKinds(target).includes('bpmn:MessageEventDefinition'),
  );
  if (receiveTasks && messageEvents)
    sink.report(
      'spec.event-based-gateway',
      `${describeElement(gateway)} mixes receive tasks and message catch events.`,
      at(gateway),
    );
}

export const specGatewaysRule: ValidationRule = {
  name: 'spec-gateways',
  check({ model, sink }) {
    for (const gateway of model.ofType('bpmn:Gateway')) {
      const scope = model.scopeOf.get(gateway);
      if (scope && isA(scope, 'bpmn:Choreography')) continue;
      checkDirection(gateway, model, sink);
      if (isA(gateway, 'bpmn:EventBasedGateway')) checkEventBasedGateway(gateway, model, sink);
    }
  },
};

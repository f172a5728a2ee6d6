/**
 * What Caseflow matches events by: a message catch event (or receive task) subscribes by message name, and
 * error and escalation throw events are caught by code. Without them nothing can be correlated or caught
 * (a receive task without a message is only a warning: it is a wait state completed through the API).
 * Two boundary events of one activity, or two start events of one process, waiting for the same message
 * make correlation ambiguous.
 */
import type { ModelIndex } from '../model-index.js';
import { elementList, elementProperty, stringProperty, type ModdleElement } from '../moddle-element.js';
import { describeElement } from '../element-description.js';
import { atOwn, inExecutableProcess } from './element-helpers.js';
import { appendTo } from '../multi-map.js';
import type { RuleContext, ValidationRule } from './rule.js';

const catchingTypes = new Set([
  'bpmn:StartEvent',
  'bpmn:IntermediateCatchEvent',
  'bpmn:BoundaryEvent',
  'bpmn:ReceiveTask',
]);
const throwingTypes = new Set(['bpmn:EndEvent', 'bpmn:IntermediateThrowEvent']);

/** Errors and escalations are caught by code, so what a throw event throws must carry one. */
const thrownByCode = [
  { definitionType: 'bpmn:ErrorEventDefinition', reference: 'errorRef', code: 'errorCode', kind: 'error' },
  {
    definitionType: 'bpmn:EscalationEventDefinition',
    reference: 'escalationRef',
    code: 'escalationCode',
    kind: 'escalation',
  },
] as const;

function blank(value: string | undefined): boolean {
  return value === undefined || value.trim() === '';
}

function definitionsOf(node: ModdleElement, type: string): ModdleElement[] {
  return elementList(node, 'eventDefinitions').filter((definition) => definition.$type === type);
}

/** The message a catching node waits for, or undefined when it waits for none. */
function messageOf(node: ModdleElement): ModdleElement | undefined {
  if (node.$type === 'bpmn:ReceiveTask') return elementProperty(node, 'messageRef');
  const definition = definitionsOf(node, 'bpmn:MessageEventDefinition')[0];
  return definition ? elementProperty(definition, 'messageRef') : undefined;
}

function waitsForMessage(node: ModdleElement): boolean {
  return node.$type === 'bpmn:ReceiveTask' || definitionsOf(node, 'bpmn:MessageEventDefinition').length > 0;
}

function checkNames(node: ModdleElement, { sink }: RuleContext): void {
  if (catchingTypes.has(node.$type) && waitsForMessage(node)) {
    const message = messageOf(node);
    if (!message && node.$type === 'bpmn:ReceiveTask') {
      // Camunda 7 uses message-less receive tasks as plain wait states, completed through its API.
      sink.report(
        'caseflow.event-name-missing',
        `${describeElement(node)} waits for no message; only completing it through the API moves the case on.`,
        { ...atOwn(node), severity: 'warning' },
      );
    } else if (!message || blank(stringProperty(message, 'name'))) {
      sink.report(
        'caseflow.event-name-missing',
        message
          ? `${describeElement(node)} waits for ${describeElement(message)}, which has no name to correlate by.`
          : `${describeElement(node)} waits for a message but names none (messageRef).`,
        atOwn(node),
      );
    }
  }
  if (!throwingTypes.has(node.$type)) return;
  for (const { definitionType, reference, code, kind } of thrownByCode) {
    for (const definition of definitionsOf(node, definitionType)) {
      const thrown = elementProperty(definition, reference);
      if (!thrown || blank(stringProperty(thrown, code))) {
        sink.report(
          'caseflow.event-name-missing',
          `${describeElement(node)} throws an ${kind} without an ${code}, so no ${kind} event can catch it by code.`,
          atOwn(node),
        );
      }
    }
  }
}

/** Message catch events that wait at the same time: boundary events per activity, start events per process. */
function concurrentWaiters(model: ModelIndex): ModdleElement[][] {
  const groups = new Map<ModdleElement, ModdleElement[]>();
  for (const node of model.flowNodes) {
    if (!waitsForMessage(node)) continue;
    const owner =
      node.$type === 'bpmn:BoundaryEvent'
        ? elementProperty(node, 'attachedToRef')
        : node.$type === 'bpmn:StartEvent'
          ? model.scopeOf.get(node)
          : undefined;
    if (!owner) continue;
    appendTo(groups, owner, node);
  }
  return [...groups.values()];
}

function checkDuplicates(model: ModelIndex, { sink }: RuleContext): void {
  for (const waiters of concurrentWaiters(model)) {
    const seen = new Map<string, ModdleElement>();
    for (const node of waiters) {
      const message = messageOf(node);
      const name = message ? stringProperty(message, 'name') : undefined;
      if (blank(name) || !inExecutableProcess(model, node)) continue;
      const earlier = seen.get(name as string);
      if (earlier) {
        sink.report(
          'caseflow.duplicate-message-subscription',
          `${describeElement(node)} waits for message "${name ?? ''}" just like ${describeElement(earlier)}; Caseflow could not tell which one a message is for.`,
          atOwn(node),
        );
      } else seen.set(name as string, node);
    }
  }
}

export const execEventsRule: ValidationRule = {
  name: 'exec-events',
  check(context) {
    for (const node of context.model.flowNodes) {
      if (inExecutableProcess(context.model, node)) checkNames(node, context);
    }
    checkDuplicates(context.model, context);
  },
};

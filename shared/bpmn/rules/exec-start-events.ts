/**
 * An executable process needs a start event at its top level that Caseflow can start it from: a none start
 * event (started through the API) or a message, timer, signal or conditional start event. More than one none
 * start event makes "start this process" ambiguous; several message or timer start events are fine. An
 * instantiating receive task or event-based gateway without incoming flows starts its process too (BPMN 10.3,
 * 10.6.6), so a process with one needs no start event.
 */
import { elementList, type ModdleElement } from '../moddle-element.js';
import { describeElement } from '../element-description.js';
import { atOwn, incomingOf, isExecutableProcess } from './element-helpers.js';
import type { ModelIndex } from '../model-index.js';
import type { ValidationRule } from './rule.js';

const startableTriggers = new Set([
  'bpmn:MessageEventDefinition',
  'bpmn:TimerEventDefinition',
  'bpmn:SignalEventDefinition',
  'bpmn:ConditionalEventDefinition',
]);

function triggers(start: ModdleElement): string[] {
  return elementList(start, 'eventDefinitions').map((definition) => definition.$type);
}

function instantiates(element: ModdleElement, model: ModelIndex): boolean {
  const type = element.$type;
  const instantiating = type === 'bpmn:ReceiveTask' || type === 'bpmn:EventBasedGateway';
  return instantiating && element['instantiate'] === true && incomingOf(model, element).length === 0;
}

export const execStartEventsRule: ValidationRule = {
  name: 'exec-start-events',
  check({ model, sink }) {
    for (const process of model.processes.filter(isExecutableProcess)) {
      const starts = elementList(process, 'flowElements').filter(
        (element) => element.$type === 'bpmn:StartEvent',
      );
      const startable = starts.filter((start) =>
        triggers(start).every((type) => startableTriggers.has(type)),
      );
      const processAt = atOwn(process);
      const instantiating = elementList(process, 'flowElements').some((element) =>
        instantiates(element, model),
      );
      if (startable.length === 0 && !instantiating) {
        sink.report(
          'caseflow.no-start-event',
          starts.length === 0
            ? `The executable ${describeElement(process)} has no start event at its top level, so Caseflow cannot start it.`
            : `The executable ${describeElement(process)} has no none, message, timer, signal or conditional start event at its top level, so Caseflow cannot start it.`,
          processAt,
        );
      }
      const noneStarts = startable.filter((start) => triggers(start).length === 0);
      for (const extra of noneStarts.slice(1)) {
        sink.report(
          'caseflow.multiple-none-start-events',
          `${describeElement(extra)} is another none start event of ${describeElement(process)} (after ${noneStarts[0] ? describeElement(noneStarts[0]) : ''}); Caseflow cannot tell which one a plain start means.`,
          extra.id !== undefined ? atOwn(extra) : processAt,
        );
      }
    }
  },
};

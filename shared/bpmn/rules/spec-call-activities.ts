/**
 * Called-element rule of BPMN 2.0 (section 10.2.5, Call Activity): a call activity starts the process it
 * calls through a None start event, so a called process of this document whose start events all have
 * triggers cannot be called. A calledElement that names no process of the document (an imported process,
 * or a Camunda process key deployed elsewhere) is not checked; a process without start events is started
 * at its unconnected nodes and passes too.
 */
import { describeElement } from '../element-description.js';
import { elementList, stringProperty, type ModdleElement } from '../moddle-element.js';
import { at, eventDefinitionsOf } from './element-helpers.js';
import type { ValidationRule } from './rule.js';

function hasNoneStartOrNoStart(process: ModdleElement): boolean {
  const starts = elementList(process, 'flowElements').filter(
    (element) => element.$type === 'bpmn:StartEvent',
  );
  return starts.length === 0 || starts.some((start) => eventDefinitionsOf(start).length === 0);
}

export const specCallActivitiesRule: ValidationRule = {
  name: 'spec-call-activities',
  check({ model, sink }) {
    const processesById = new Map(model.processes.map((process) => [process.id, process]));
    for (const activity of model.ofType('bpmn:CallActivity')) {
      const calledId = stringProperty(activity, 'calledElement')?.trim();
      const called = calledId ? processesById.get(calledId) : undefined;
      if (called && !hasNoneStartOrNoStart(called))
        sink.report(
          'spec.called-element',
          `${describeElement(activity)} calls ${describeElement(called)}, which has no None start event to be started by a call activity.`,
          at(activity),
        );
    }
  },
};

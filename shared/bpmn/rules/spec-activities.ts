/**
 * Activity and process attribute rules of BPMN 2.0 (sections 10.2, 10.3 and 8.4.13): token quantities, an
 * instantiating receive task starts its process, a script names its language, sub-processes take no
 * ioSpecification, compensation boundary events lead to a compensation handler, public processes are not
 * executable.
 */
import { elementProperty, isA, stringProperty, type ModdleElement } from '../moddle-element.js';
import type { DiagnosticSink } from '../diagnostics.js';
import type { ModelIndex } from '../model-index.js';
import { appendTo } from '../multi-map.js';
import type { ValidationRule } from './rule.js';
import { describeElement } from '../element-description.js';
import { at, definitionKinds, incomingOf } from './element-helpers.js';

function checkActivity(activity: ModdleElement, model: ModelIndex, sink: DiagnosticSink): void {
  // Start and completion quantities are checked by exec-activities (which also catches non-numbers).
  if (
    isA(activity, 'bpmn:ReceiveTask') &&
    activity['instantiate'] === true &&
    incomingOf(model, activity).length > 0
  )
    sink.report(
      'spec.flow-node-connections',
      `Instantiating ${describeElement(activity)} may not have incoming flows.`,
      at(activity),
    );
  if (
    isA(activity, 'bpmn:ScriptTask') &&
    stringProperty(activity, 'script')?.trim() &&
    !stringProperty(activity, 'scriptFormat')
  )
    sink.report(
      'spec.missing-attribute',
      `${describeElement(activity)} has a script but no scriptFormat.`,
      at(activity),
    );
  if (isA(activity, 'bpmn:SubProcess') && elementProperty(activity, 'ioSpecification'))
    sink.report(
      'spec.sub-process-structure',
      `${describeElement(activity)} may not have an ioSpecification.`,
      at(activity),
    );
}

/** What each element is associated with (association source to targets), collected in one pass. */
function associationTargets(model: ModelIndex): Map<ModdleElement, ModdleElement[]> {
  const targets = new Map<ModdleElement, ModdleElement[]>();
  for (const association of model.ofType('bpmn:Association')) {
    const source = elementProperty(association, 'sourceRef');
    const target = elementProperty(association, 'targetRef');
    if (source && target) appendTo(targets, source, target);
  }
  return targets;
}

function checkCompensationBoundary(
  event: ModdleElement,
  associated: ReadonlyMap<ModdleElement, ModdleElement[]>,
  sink: DiagnosticSink,
): void {
  if (!definitionKinds(event).includes('bpmn:CompensateEventDefinition')) return;
  const handlers = associated.get(event) ?? [];
  if (handlers.length === 0)
    sink.report(
      'spec.compensation',
      `Compensation ${describeElement(event)} is not associated with a compensation activity.`,
      at(event),
    );
  for (const handler of handlers) {
    if (!isA(handler, 'bpmn:Activity') || handler['isForCompensation'] !== true)
      sink.report(
        'spec.compensation',
        `Compensation ${describeElement(event)} is associated with ${describeElement(handler)}, which is not marked isForCompensation.`,
        at(event),
      );
  }
}

export const specActivitiesRule: ValidationRule = {
  name: 'spec-activities',
  check({ model, sink }) {
    for (const activity of model.ofType('bpmn:Activity')) checkActivity(activity, model, sink);
    const associated = associationTargets(model);
    for (const event of model.ofType('bpmn:BoundaryEvent'))
      checkCompensationBoundary(event, associated, sink);
    for (const process of model.processes) {
      if (process['processType'] === 'Public' && process['isExecutable'] === true)
        sink.report(
          'spec.structure',
          `Public ${describeElement(process)} may not be executable.`,
          at(process),
        );
    }
  },
};

/**
 * What Caseflow will not execute in an executable process, named by element type. Caseflow runs every kind
 * of event, task, sub-process (embedded, event, transaction, ad-hoc), call activity and gateway (complex
 * included); any other flow node (choreography activities, implicit throw events) is an error. Elements
 * that carry side effects Caseflow skips are warnings: data store references, data associations with
 * assignments or transformations, and Camunda 7 / Camunda 8 listeners (Java, script or listener jobs).
 * Flow nodes also need ids: the compiled graph addresses them by id (id-less sequence flows get generated ones).
 */
import { elementList, elementProperty, extensions, isA, type ModdleElement } from '../moddle-element.js';
import { describeElement } from '../element-description.js';
import { atOwn, inExecutableProcess } from './element-helpers.js';
import type { RuleContext, ValidationRule } from './rule.js';

const executedFlowNodes = new Set([
  'bpmn:StartEvent',
  'bpmn:EndEvent',
  'bpmn:IntermediateCatchEvent',
  'bpmn:IntermediateThrowEvent',
  'bpmn:BoundaryEvent',
  'bpmn:Task',
  'bpmn:UserTask',
  'bpmn:ServiceTask',
  'bpmn:SendTask',
  'bpmn:ReceiveTask',
  'bpmn:ScriptTask',
  'bpmn:BusinessRuleTask',
  'bpmn:ManualTask',
  'bpmn:SubProcess',
  'bpmn:Transaction',
  'bpmn:AdHocSubProcess',
  'bpmn:CallActivity',
  'bpmn:ExclusiveGateway',
  'bpmn:InclusiveGateway',
  'bpmn:ParallelGateway',
  'bpmn:ComplexGateway',
  'bpmn:EventBasedGateway',
]);

const ignoredListeners = [
  'camunda:ExecutionListener',
  'camunda:TaskListener',
  'zeebe:ExecutionListeners',
  'zeebe:TaskListeners',
];

function checkFlowElement(element: ModdleElement, { sink }: RuleContext): void {
  if (element.id === undefined && isA(element, 'bpmn:FlowNode')) {
    sink.report(
      'caseflow.missing-id',
      `A ${element.$type} has no id; Caseflow addresses every flow node by id.`,
    );
  }
  if (isA(element, 'bpmn:FlowNode') && !executedFlowNodes.has(element.$type)) {
    sink.report(
      'caseflow.unsupported-element',
      `${describeElement(element)}: Caseflow does not execute ${element.$type}.`,
      atOwn(element),
    );
  }
  if (element.$type === 'bpmn:DataStoreReference') {
    sink.report(
      'caseflow.unsupported-element',
      `${describeElement(element)} is ignored: Caseflow neither reads nor writes bpmn:DataStoreReference.`,
      { ...atOwn(element), severity: 'warning' },
    );
  }
  for (const association of [
    ...elementList(element, 'dataInputAssociations'),
    ...elementList(element, 'dataOutputAssociations'),
  ]) {
    if (elementList(association, 'assignment').length > 0 || elementProperty(association, 'transformation')) {
      sink.report(
        'caseflow.unsupported-element',
        `The ${association.$type} of ${describeElement(element)} is ignored: Caseflow does not run data assignments or transformations (use io mappings).`,
        { ...atOwn(element), severity: 'warning' },
      );
    }
  }
  for (const type of ignoredListeners) {
    if (extensions(element, type).length > 0) {
      sink.report(
        'caseflow.unsupported-element',
        `The ${type} of ${describeElement(element)} is ignored: Caseflow runs no listeners.`,
        { ...atOwn(element), severity: 'warning' },
      );
    }
  }
}

export const execElementsRule: ValidationRule = {
  name: 'exec-elements',
  check(context) {
    for (const element of context.model.scopeOf.keys()) {
      if (inExecutableProcess(context.model, element)) checkFlowElement(element, context);
    }
  },
};

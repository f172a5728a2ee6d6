/**
 * Activity settings: loop and multi-instance values, start/completion quantities (spec level, every
 * process), and what Caseflow needs to run an activity of an executable process: a called process, a job
 * type for service-like tasks, and complete variable mappings.
 */
import { readJob } from '../compile/extensions.js';
import {
  elementList,
  elementProperty,
  expressionBody,
  extensions,
  isA,
  stringProperty,
  type ModdleElement,
} from '../moddle-element.js';
import { describeElement } from '../element-description.js';
import { atOwn, inExecutableProcess } from './element-helpers.js';
import type { RuleContext, ValidationRule } from './rule.js';

/** moddle reads Integer attributes with parseInt, so `"abc"` arrives as NaN. */
function numberOf(element: ModdleElement, property: string): number | undefined {
  const value = element[property];
  return typeof value === 'number' ? value : undefined;
}

function checkQuantities(activity: ModdleElement, { sink }: RuleContext): void {
  for (const property of ['startQuantity', 'completionQuantity']) {
    const value = numberOf(activity, property);
    if (value !== undefined && !(Number.isInteger(value) && value >= 1)) {
      sink.report(
        'spec.activity-quantity',
        `The ${property} of ${describeElement(activity)} is ${Number.isNaN(value) ? 'not a number' : value}; it must be a whole number of at least 1.`,
        atOwn(activity),
      );
    }
  }
}

function checkLoop(activity: ModdleElement, context: RuleContext): void {
  const loop = elementProperty(activity, 'loopCharacteristics');
  if (!loop) return;
  const { sink } = context;
  if (loop.$type === 'bpmn:StandardLoopCharacteristics') {
    const maximum = numberOf(loop, 'loopMaximum');
    if (maximum !== undefined && !(Number.isInteger(maximum) && maximum >= 0)) {
      sink.report(
        'spec.loop-characteristics',
        `The loopMaximum of ${describeElement(activity)} is ${Number.isNaN(maximum) ? 'not a number' : maximum}; it must be a whole number of at least 0.`,
        atOwn(activity),
      );
    }
    return;
  }
  if (loop.$type !== 'bpmn:MultiInstanceLoopCharacteristics') return;
  const cardinality = expressionBody(elementProperty(loop, 'loopCardinality'));
  if (cardinality !== undefined && /^-\d+(\.\d+)?$/.test(cardinality)) {
    sink.report(
      'spec.loop-characteristics',
      `The loopCardinality of ${describeElement(activity)} is ${cardinality}; it cannot be negative.`,
      atOwn(activity),
    );
  }
  const zeebe = extensions(loop, 'zeebe:LoopCharacteristics')[0];
  const hasCollection =
    elementProperty(loop, 'loopDataInputRef') !== undefined ||
    nonEmpty(stringProperty(loop, 'collection')) ||
    (zeebe !== undefined && nonEmpty(stringProperty(zeebe, 'inputCollection')));
  if (cardinality === undefined && !hasCollection && inExecutableProcess(context.model, activity)) {
    sink.report(
      'caseflow.multi-instance-input',
      `The multi-instance ${describeElement(activity)} has neither a loopCardinality nor an input collection, so Caseflow cannot tell how many instances to run.`,
      atOwn(activity),
    );
  }
}

function nonEmpty(value: string | undefined): boolean {
  return value !== undefined && value.trim() !== '';
}

function checkCallTarget(activity: ModdleElement, { sink }: RuleContext): void {
  const own = [
    ...extensions(activity, 'caseflow:CalledElement'),
    ...extensions(activity, 'zeebe:CalledElement'),
  ][0];
  if (
    nonEmpty(own && stringProperty(own, 'processId')) ||
    nonEmpty(stringProperty(activity, 'calledElement'))
  )
    return;
  const caseRef = stringProperty(activity, 'caseRef');
  sink.report(
    'caseflow.call-activity-target',
    nonEmpty(caseRef)
      ? `${describeElement(activity)} calls the CMMN case "${caseRef ?? ''}"; Caseflow calls BPMN processes only.`
      : `${describeElement(activity)} does not name the process to call (calledElement).`,
    atOwn(activity),
  );
}

const jobTaskTypes = new Set(['bpmn:ServiceTask', 'bpmn:SendTask', 'bpmn:BusinessRuleTask']);

function checkTaskType(task: ModdleElement, { sink }: RuleContext): void {
  if (!jobTaskTypes.has(task.$type) || readJob(task)) return;
  const decision =
    stringProperty(task, 'decisionRef') ??
    stringProperty(extensions(task, 'zeebe:CalledDecision')[0] ?? task, 'decisionId');
  if (decision !== undefined) {
    sink.report(
      'caseflow.missing-task-type',
      `${describeElement(task)} calls the DMN decision "${decision}"; Caseflow evaluates no DMN decisions, so give it a job type.`,
      atOwn(task),
    );
    return;
  }
  // A send task that names its message is done by Caseflow itself; no worker is needed.
  if (task.$type === 'bpmn:SendTask' && elementProperty(task, 'messageRef')) return;
  // Camunda 7 external tasks say outright that a worker must do them: without a topic none ever can.
  const external = stringProperty(task, 'type') === 'external';
  sink.report(
    'caseflow.missing-task-type',
    external
      ? `External ${describeElement(task)} names no topic, so no worker can ever fetch it.`
      : `${describeElement(task)} names no job type (zeebe:taskDefinition, caseflow:taskDefinition or camunda:topic); it will complete without doing any work.`,
    { ...atOwn(task), ...(external ? { severity: 'error' as const } : {}) },
  );
}

function checkMappings(node: ModdleElement, { sink }: RuleContext): void {
  const report = (what: string) =>
    sink.report('caseflow.variable-mapping', `${describeElement(node)} has a ${what}.`, atOwn(node));
  for (const type of ['zeebe:IoMapping', 'caseflow:IoMapping']) {
    for (const mapping of extensions(node, type)) {
      for (const property of ['inputParameters', 'outputParameters']) {
        for (const parameter of elementList(mapping, property)) {
          if (!nonEmpty(stringProperty(parameter, 'target'))) report(`${type} parameter without a target`);
          else if (stringProperty(parameter, 'source') === undefined)
            report(`${type} parameter without a source`);
        }
      }
    }
  }
  for (const inputOutput of extensions(node, 'camunda:InputOutput')) {
    for (const property of ['inputParameters', 'outputParameters']) {
      for (const parameter of elementList(inputOutput, property)) {
        const definition = elementProperty(parameter, 'definition');
        if (definition && definition.$type !== 'camunda:Script') {
          report(
            `${definition.$type} parameter value, which Caseflow cannot read (write it as a FEEL list or context)`,
          );
        }
        if (!nonEmpty(stringProperty(parameter, 'name')))
          report('camunda:inputOutput parameter without a name');
      }
    }
  }
  for (const type of ['camunda:In', 'camunda:Out']) {
    for (const binding of extensions(node, type)) {
      if (
        stringProperty(binding, 'variables') === 'all' ||
        stringProperty(binding, 'businessKey') !== undefined
      )
        continue;
      const hasSource =
        nonEmpty(stringProperty(binding, 'source')) || nonEmpty(stringProperty(binding, 'sourceExpression'));
      if (!hasSource) report(`${type} binding without a source or sourceExpression`);
      else if (!nonEmpty(stringProperty(binding, 'target'))) report(`${type} binding without a target`);
    }
  }
}

export const execActivitiesRule: ValidationRule = {
  name: 'exec-activities',
  check(context) {
    for (const activity of context.model.ofType('bpmn:Activity')) {
      checkQuantities(activity, context);
      checkLoop(activity, context);
    }
    for (const node of context.model.flowNodes) {
      if (!inExecutableProcess(context.model, node)) continue;
      if (isA(node, 'bpmn:CallActivity')) checkCallTarget(node, context);
      checkTaskType(node, context);
      checkMappings(node, context);
    }
  },
};

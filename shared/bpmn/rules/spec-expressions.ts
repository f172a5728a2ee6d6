/**
 * Expression rules of BPMN 2.0 (sections 8.3.6 and 10.5.5): a FormalExpression's body is mandatory, so the
 * elements the schema types as formal expressions (data transformations, complex behaviour conditions,
 * correlation message and data paths) may not be empty; and a conditional event of an executable process
 * needs a formal condition ("For executable Processes ... a FormalExpression MUST be entered").
 *
 * Sequence flow conditions, timers and loop expressions are typed as plain expressions in the schema; the
 * specification asks executable processes to make them formal too, but Camunda 7 models leave them untyped
 * throughout and run, so that is not checked here (see docs/bpmnspector-agreement.md).
 */
import { describeElement } from '../element-description.js';
import { elementProperty, expressionBody, isA, type ModdleElement } from '../moddle-element.js';
import { at, eventDefinitionsOf, inExecutableProcess } from './element-helpers.js';
import type { ValidationRule } from './rule.js';

/** Owner type and property of every expression the BPMN schema declares as tFormalExpression. */
const formalExpressionSlots: readonly (readonly [string, string, string])[] = [
  ['bpmn:DataAssociation', 'transformation', 'transformation'],
  ['bpmn:ComplexBehaviorDefinition', 'condition', 'condition'],
  ['bpmn:CorrelationPropertyRetrievalExpression', 'messagePath', 'message path'],
  ['bpmn:CorrelationPropertyBinding', 'dataPath', 'data path'],
];

function isFormal(expression: ModdleElement): boolean {
  return isA(expression, 'bpmn:FormalExpression');
}

export const specExpressionsRule: ValidationRule = {
  name: 'spec-expressions',
  check({ model, sink }) {
    for (const element of model.elements) {
      for (const [type, property, role] of formalExpressionSlots) {
        if (!isA(element, type)) continue;
        const expression = elementProperty(element, property);
        if (expression && expressionBody(expression) === undefined)
          sink.report(
            'spec.expression',
            `The ${role} of ${describeElement(element)} is an empty formal expression; a formal expression needs a body.`,
            at(element),
          );
      }
    }
    for (const event of model.ofType('bpmn:Event')) {
      if (!inExecutableProcess(model, event)) continue;
      for (const definition of eventDefinitionsOf(event)) {
        if (!isA(definition, 'bpmn:ConditionalEventDefinition')) continue;
        const condition = elementProperty(definition, 'condition');
        if (!condition || !isFormal(condition))
          sink.report(
            'spec.expression',
            `The conditional trigger of ${describeElement(event)} needs a formal condition (xsi:type="tFormalExpression") in an executable process.`,
            at(event),
          );
      }
    }
  },
};

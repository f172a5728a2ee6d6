/**
 * Every reference must name an element of the kind the specification declares for it (a messageRef names a
 * bpmn:Message, a sourceRef a flow node, an attachedToRef an activity...). bpmn-moddle resolves references
 * by id only, so a reference to an element of the wrong kind reaches the model and is caught here.
 */
import { isA, isModdleElement, type ModdleElement } from '../moddle-element.js';
import type { ValidationRule } from './rule.js';
import { describeElement } from '../element-description.js';
import { at } from './element-helpers.js';

interface ReferenceDescriptor {
  readonly name: string;
  readonly type: string;
  readonly isReference?: boolean;
}

function referenceProperties(element: ModdleElement): ReferenceDescriptor[] {
  const descriptor = (element as { $descriptor?: { properties?: ReferenceDescriptor[] } }).$descriptor;
  return (descriptor?.properties ?? []).filter(
    (property) => property.isReference === true && property.type.startsWith('bpmn:'),
  );
}

/**
 * bpmn-moddle types InputOutputBinding's inputDataRef/outputDataRef as input/output sets, where the
 * specification's text binds data inputs and outputs; models following the text must not be refused.
 */
const metamodelDiscrepancies = new Set(['bpmn:InputOutputBinding']);

/**
 * Data associations that name the activity or event itself instead of its data input or output (SAP
 * Signavio writes them so) break the metamodel but not the flow; Caseflow maps data by variables, so they
 * are warnings.
 */
export const specReferenceTypesRule: ValidationRule = {
  name: 'spec-reference-types',
  check({ model, sink }) {
    for (const element of model.elements) {
      if (!element.$type.startsWith('bpmn:') || metamodelDiscrepancies.has(element.$type)) continue;
      for (const property of referenceProperties(element)) {
        const value = element[property.name];
        const targets = (Array.isArray(value) ? value : [value]).filter(isModdleElement);
        for (const target of targets) {
          // Choreographies (full conformance only) connect choreography activities; Caseflow does not model them.
          if (isA(target, property.type) || isA(target, 'bpmn:ChoreographyActivity')) continue;
          sink.report(
            'spec.invalid-reference-type',
            `${property.name} of ${describeElement(element)} names ${describeElement(target)}, but must name a ${property.type.replace('bpmn:', '')}.`,
            { ...at(element), ...(isA(element, 'bpmn:DataAssociation') ? { severity: 'warning' } : {}) },
          );
        }
      }
    }
  },
};

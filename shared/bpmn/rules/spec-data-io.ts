/**
 * Data input and output rules of BPMN 2.0 (sections 10.4.2 to 10.4.4): every data input and output belongs
 * to a set, optional and while-executing entries are members of their set, input and output sets name
 * each other both ways, and a data association without a transformation reads one source.
 */
import { elementList, elementProperty, type ModdleElement } from '../moddle-element.js';
import type { DiagnosticSink } from '../diagnostics.js';
import type { ValidationRule } from './rule.js';
import { describeElement } from '../element-description.js';
import { at } from './element-helpers.js';

function checkMembers(
  set: ModdleElement,
  members: string,
  subsets: readonly string[],
  sink: DiagnosticSink,
): void {
  const listed = elementList(set, members);
  for (const subset of subsets) {
    for (const entry of elementList(set, subset)) {
      if (!listed.includes(entry))
        sink.report(
          'spec.data-io',
          `${describeElement(entry)} is in ${subset} of ${describeElement(set)} but not in its ${members}.`,
          at(set),
        );
    }
  }
}

function checkSpecification(specification: ModdleElement, sink: DiagnosticSink): void {
  const inputSets = elementList(specification, 'inputSets');
  const outputSets = elementList(specification, 'outputSets');
  for (const input of elementList(specification, 'dataInputs')) {
    if (!inputSets.some((set) => elementList(set, 'dataInputRefs').includes(input)))
      sink.report('spec.data-io', `${describeElement(input)} belongs to no input set.`, at(input));
  }
  for (const output of elementList(specification, 'dataOutputs')) {
    if (!outputSets.some((set) => elementList(set, 'dataOutputRefs').includes(output)))
      sink.report('spec.data-io', `${describeElement(output)} belongs to no output set.`, at(output));
  }
  for (const set of inputSets) {
    checkMembers(set, 'dataInputRefs', ['optionalInputRefs', 'whileExecutingInputRefs'], sink);
    for (const outputSet of elementList(set, 'outputSetRefs')) {
      if (!elementList(outputSet, 'inputSetRefs').includes(set))
        sink.report(
          'spec.data-io',
          `${describeElement(set)} names ${describeElement(outputSet)}, which does not name it back.`,
          at(set),
        );
    }
  }
  for (const set of outputSets) {
    checkMembers(set, 'dataOutputRefs', ['optionalOutputRefs', 'whileExecutingOutputRefs'], sink);
    for (const inputSet of elementList(set, 'inputSetRefs')) {
      if (!elementList(inputSet, 'outputSetRefs').includes(set))
        sink.report(
          'spec.data-io',
          `${describeElement(set)} names ${describeElement(inputSet)}, which does not name it back.`,
          at(set),
        );
    }
  }
}

export const specDataIoRule: ValidationRule = {
  name: 'spec-data-io',
  check({ model, sink }) {
    for (const specification of model.ofType('bpmn:InputOutputSpecification'))
      checkSpecification(specification, sink);
    for (const association of model.ofType('bpmn:DataAssociation')) {
      if (!elementProperty(association, 'transformation') && elementList(association, 'sourceRef').length > 1)
        sink.report(
          'spec.data-io',
          `${describeElement(association)} reads several sources without a transformation.`,
          at(association),
        );
    }
  },
};

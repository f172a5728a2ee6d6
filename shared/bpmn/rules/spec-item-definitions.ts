/**
 * Item-definition rules of BPMN 2.0 (sections 8.4.10, 10.4 and 10.5.1 to 10.5.3): what a data element,
 * message or event carries must fit where it is passed on. Two item definitions fit when they are the
 * same element or name the same structure. Where a model leaves an item open, nothing is compared.
 * Caseflow keeps process data as untyped JSON variables and real models (the MIWG reference models among
 * them) bend these typing rules, so a misfit is a warning; how many sets and data elements a task or event
 * has is structure, and an error.
 */
import { elementList, elementProperty, isA, stringProperty, type ModdleElement } from '../moddle-element.js';
import type { DiagnosticSink } from '../diagnostics.js';
import type { ModelIndex } from '../model-index.js';
import type { ValidationRule } from './rule.js';
import { describeElement } from '../element-description.js';
import { at, eventDefinitionsOf } from './element-helpers.js';

function fits(a: ModdleElement | undefined, b: ModdleElement | undefined): boolean {
  if (!a || !b || a === b) return true;
  const structure = stringProperty(a, 'structureRef');
  return structure !== undefined && structure === stringProperty(b, 'structureRef');
}

/** The item definition a data element holds (a data object reference holds its data object's). */
function itemOf(element: ModdleElement | undefined): ModdleElement | undefined {
  if (!element) return undefined;
  const own = elementProperty(element, 'itemSubjectRef');
  if (own) return own;
  const dataObject = elementProperty(element, 'dataObjectRef');
  return dataObject ? elementProperty(dataObject, 'itemSubjectRef') : undefined;
}

/** The item an event definition carries: its message's item, or the error/escalation/signal structure. */
function itemCarriedBy(definition: ModdleElement): ModdleElement | undefined {
  const message = elementProperty(definition, 'messageRef');
  if (message) return elementProperty(message, 'itemRef');
  for (const property of ['errorRef', 'escalationRef', 'signalRef']) {
    const thrown = elementProperty(definition, property);
    if (thrown) return elementProperty(thrown, 'structureRef');
  }
  return undefined;
}

function checkCollections(model: ModelIndex, sink: DiagnosticSink): void {
  for (const type of ['bpmn:DataInput', 'bpmn:DataOutput', 'bpmn:DataObject']) {
    for (const element of model.ofType(type)) {
      const item = elementProperty(element, 'itemSubjectRef');
      if (item && (element['isCollection'] === true) !== (item['isCollection'] === true))
        sink.report(
          'spec.item-definition',
          `isCollection of ${describeElement(element)} differs from its ${describeElement(item)}.`,
          at(element),
        );
    }
  }
}

/** An event passes each trigger's payload through one data input (throw) or output (catch), in order. */
function checkEventData(event: ModdleElement, sink: DiagnosticSink): void {
  const property = isA(event, 'bpmn:ThrowEvent') ? 'dataInputs' : 'dataOutputs';
  const data = elementList(event, property);
  if (data.length === 0) return;
  const definitions = eventDefinitionsOf(event);
  if (data.length < definitions.length) {
    sink.report(
      'spec.data-io',
      `${describeElement(event)} has ${data.length} ${property} for ${definitions.length} event definitions; once it uses data, each trigger needs one.`,
      at(event),
    );
    return;
  }
  definitions.forEach((definition, index) => {
    if (!fits(itemCarriedBy(definition), itemOf(data[index] as ModdleElement)))
      sink.report(
        'spec.item-definition',
        `${describeElement(data[index] as ModdleElement)} of ${describeElement(event)} does not carry the item of its event definition.`,
        at(event),
      );
  });
}

/** The data a send or receive task exchanges must declare the message's item, when the message has one. */
function carriesMessageItem(data: ModdleElement, message: ModdleElement): boolean {
  const item = elementProperty(message, 'itemRef');
  return !item || (itemOf(data) !== undefined && fits(item, itemOf(data)));
}

function checkTaskMessages(task: ModdleElement, sink: DiagnosticSink): void {
  const specification = elementProperty(task, 'ioSpecification');
  const inputs = specification ? elementList(specification, 'dataInputs') : [];
  const outputs = specification ? elementList(specification, 'dataOutputs') : [];
  const inputSets = specification ? elementList(specification, 'inputSets') : [];
  const outputSets = specification ? elementList(specification, 'outputSets') : [];
  const report = (what: string): void =>
    sink.report('spec.item-definition', `${describeElement(task)} ${what}.`, at(task));
  const structure = (what: string): void =>
    sink.report('spec.data-io', `${describeElement(task)} ${what}.`, at(task));
  const operation = elementProperty(task, 'operationRef');
  if (isA(task, 'bpmn:ServiceTask') && operation) {
    if (inputSets.length !== 1) structure('calls an operation and needs exactly one input set');
    if (outputSets.length > 1) structure('calls an operation and may have at most one output set');
    const inMessage = elementProperty(operation, 'inMessageRef');
    const outMessage = elementProperty(operation, 'outMessageRef');
    if (inMessage && inputs[0] && !fits(elementProperty(inMessage, 'itemRef'), itemOf(inputs[0])))
      report("passes a data input that does not fit the operation's in-message");
    if (outMessage && outputs[0] && !fits(elementProperty(outMessage, 'itemRef'), itemOf(outputs[0])))
      report("receives a data output that does not fit the operation's out-message");
  }
  const message = elementProperty(task, 'messageRef');
  if (!message) return;
  if (isA(task, 'bpmn:SendTask')) {
    if (inputSets.length > 1 || inputs.length > 1)
      structure('sends one message and may have at most one input set and data input');
    if (inputs[0] && !carriesMessageItem(inputs[0], message))
      report("sends a data input that does not fit the message's item");
  }
  if (isA(task, 'bpmn:ReceiveTask')) {
    if (outputSets.length > 1 || outputs.length > 1)
      structure('receives one message and may have at most one output set and data output');
    if (outputs[0] && !carriesMessageItem(outputs[0], message))
      report("receives a data output that does not fit the message's item");
  }
}

function checkAssociations(model: ModelIndex, sink: DiagnosticSink): void {
  for (const association of model.ofType('bpmn:DataAssociation')) {
    if (elementProperty(association, 'transformation')) continue;
    const target = itemOf(elementProperty(association, 'targetRef'));
    for (const source of elementList(association, 'sourceRef')) {
      if (!fits(itemOf(source), target))
        sink.report(
          'spec.item-definition',
          `${describeElement(association)} copies ${describeElement(source)} into an item it does not fit, without a transformation.`,
          at(association),
        );
    }
  }
}

export const specItemDefinitionsRule: ValidationRule = {
  name: 'spec-item-definitions',
  check({ model, sink }) {
    checkCollections(model, sink);
    for (const event of model.ofType('bpmn:Event')) checkEventData(event, sink);
    for (const task of model.ofType('bpmn:Task')) checkTaskMessages(task, sink);
    checkAssociations(model, sink);
  },
};

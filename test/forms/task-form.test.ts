import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FlowNode } from '../../shared/bpmn/graph.js';
import { taskForm, validateTaskVariables, type TaskForm } from '../../shared/forms/task-form.js';
import { compile, compileFile } from '../engine/harness.js';
import { flow } from '../support/flow-xml.js';
import { definitions } from '../support/models.js';
import { corpusPath } from '../support/paths.js';

/** The user task `task` of a process whose own extension elements are `processExtensions`. */
async function userTask(task: string, processExtensions = ''): Promise<FlowNode> {
  const [graph] = await compile(
    definitions(`<bpmn:process id="process" isExecutable="true">
      ${processExtensions ? `<bpmn:extensionElements>${processExtensions}</bpmn:extensionElements>` : ''}
      <bpmn:startEvent id="start" />${flow('f0', 'start', 'task')}${task}${flow('f1', 'task', 'end')}<bpmn:endEvent id="end" />
    </bpmn:process>`),
  );
  const node = graph?.nodes['task'];
  assert.ok(node);
  return node;
}

function schemaOf(form: TaskForm) {
  assert.equal(form.kind, 'schema');
  return form.schema;
}

const draft = 'https://json-schema.org/draft/2020-12/schema';

const camundaFormData = `<bpmn:userTask id="task"><bpmn:extensionElements><camunda:formData>
  <camunda:formField id="amount" label="Amount" type="long" defaultValue="3">
    <camunda:validation><camunda:constraint name="required" /><camunda:constraint name="min" config="1" /><camunda:constraint name="max" config="10" /></camunda:validation>
  </camunda:formField>
  <camunda:formField id="comment" type="string">
    <camunda:validation><camunda:constraint name="minlength" config="2" /><camunda:constraint name="maxlength" config="5" /></camunda:validation>
  </camunda:formField>
  <camunda:formField id="urgent" type="boolean" defaultValue="false" />
  <camunda:formField id="when" type="date" defaultValue="\${today}" />
  <camunda:formField id="colour" label="Colour" type="enum"><camunda:value id="red" name="Red" /><camunda:value id="blue" /></camunda:formField>
  <camunda:formField id="ref" type="string"><camunda:validation><camunda:constraint name="readonly" /><camunda:constraint name="required" /></camunda:validation></camunda:formField>
  <camunda:formField id="custom" type="money" />
</camunda:formData></bpmn:extensionElements></bpmn:userTask>`;

const formJs = JSON.stringify({
  components: [
    {
      key: 'name',
      label: 'Name',
      type: 'textfield',
      validate: { required: true, maxLength: 20, pattern: '^[A-Z]' },
    },
    { key: 'age', type: 'number', defaultValue: 30, validate: { min: 18, max: 99 } },
    { key: 'agree', type: 'checkbox' },
    {
      key: 'size',
      type: 'select',
      values: [
        { label: 'Small', value: 's' },
        { label: 'Large', value: 'l' },
      ],
    },
    { key: 'day', type: 'datetime', subtype: 'date' },
    { key: 'notes', type: 'textarea', disabled: true },
    { type: 'text', text: 'Read me' },
    { type: 'group', components: [{ key: 'nested', type: 'radio', values: [{ label: 'Yes', value: 'y' }] }] },
  ],
});
const escapeXml = (text: string) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;');
const zeebeEmbedded = (key = 'camunda-forms:bpmn:form1') =>
  `<bpmn:userTask id="task"><bpmn:extensionElements><zeebe:formDefinition formKey="${key}" /></bpmn:extensionElements></bpmn:userTask>`;

describe('task forms: the form of a user task', () => {
  it('derives a JSON Schema from Camunda 7 form fields: types, labels, literal defaults, enum values and constraints', async () => {
    const schema = schemaOf(taskForm(await userTask(camundaFormData)));
    assert.deepEqual(schema, {
      $schema: draft,
      type: 'object',
      properties: {
        amount: { type: 'integer', title: 'Amount', default: 3, minimum: 1, maximum: 10 },
        comment: { type: 'string', minLength: 2, maxLength: 5 },
        urgent: { type: 'boolean', default: false },
        when: { type: 'string', format: 'date-time' },
        colour: { type: 'string', title: 'Colour', enum: ['red', 'blue'], 'x-enumLabels': ['Red', 'blue'] },
        ref: { type: 'string', readOnly: true },
        custom: {},
      },
      required: ['amount'],
      additionalProperties: false,
    });
  });

  it('derives a JSON Schema from the Camunda 8 form-js form embedded in the process', async () => {
    const node = await userTask(
      zeebeEmbedded(),
      `<zeebe:userTaskForm id="form1">${escapeXml(formJs)}</zeebe:userTaskForm>`,
    );
    assert.deepEqual(schemaOf(taskForm(node)), {
      $schema: draft,
      type: 'object',
      properties: {
        name: { type: 'string', title: 'Name', maxLength: 20, pattern: '^[A-Z]' },
        age: { type: 'number', default: 30, minimum: 18, maximum: 99 },
        agree: { type: 'boolean' },
        size: { type: 'string', enum: ['s', 'l'], 'x-enumLabels': ['Small', 'Large'] },
        day: { type: 'string', format: 'date' },
        notes: { type: 'string', readOnly: true },
        nested: { type: 'string', enum: ['y'], 'x-enumLabels': ['Yes'] },
      },
      required: ['name'],
      additionalProperties: false,
    });
  });

  it('returns the form key of Camunda 7, of a linked Camunda 8 form, and of an embedded form that is missing or unreadable', async () => {
    const camunda7 = await userTask(
      '<bpmn:userTask id="task" camunda:formKey="embedded:app:forms/a.html" />',
    );
    assert.deepEqual(taskForm(camunda7), { kind: 'formKey', formKey: 'embedded:app:forms/a.html' });
    const linked = await userTask(
      '<bpmn:userTask id="task"><bpmn:extensionElements><zeebe:formDefinition formId="invoice-form" /></bpmn:extensionElements></bpmn:userTask>',
    );
    assert.deepEqual(taskForm(linked), { kind: 'formKey', formKey: 'invoice-form' });
    const missing = await userTask(zeebeEmbedded('camunda-forms:bpmn:nowhere'));
    assert.deepEqual(taskForm(missing), { kind: 'formKey', formKey: 'camunda-forms:bpmn:nowhere' });
    const broken = await userTask(
      zeebeEmbedded(),
      '<zeebe:userTaskForm id="form1">{ not json</zeebe:userTaskForm>',
    );
    assert.equal(taskForm(broken).kind, 'formKey');
  });

  it('prefers a Camunda 7 form key over its form fields', async () => {
    const node = await userTask(
      camundaFormData.replace('id="task"', 'id="task" camunda:formKey="app:review"'),
    );
    assert.deepEqual(taskForm(node), { kind: 'formKey', formKey: 'app:review' });
  });

  it('falls back to the variables the output mappings read, untyped and open to other keys', async () => {
    const node = await userTask(`<bpmn:userTask id="task"><bpmn:extensionElements><zeebe:ioMapping>
      <zeebe:output source="=approved" target="isApproved" /><zeebe:output source="=upper case(note) + suffix" target="text" />
      <zeebe:output source="=approved" target="again" /></zeebe:ioMapping></bpmn:extensionElements></bpmn:userTask>`);
    assert.deepEqual(schemaOf(taskForm(node)), {
      $schema: draft,
      type: 'object',
      properties: { approved: {}, note: {}, suffix: {} },
      additionalProperties: true,
    });
    const camunda7 = await userTask(`<bpmn:userTask id="task"><bpmn:extensionElements><camunda:inputOutput>
      <camunda:outputParameter name="ok">\${decision.ok}</camunda:outputParameter></camunda:inputOutput></bpmn:extensionElements></bpmn:userTask>`);
    assert.deepEqual(Object.keys(schemaOf(taskForm(camunda7)).properties), ['decision']);
    const plain = await userTask('<bpmn:userTask id="task" />');
    assert.deepEqual(schemaOf(taskForm(plain)).properties, {});
  });
});

describe('task forms: validating the variables a task is completed with', () => {
  it('accepts variables that fit the form and reports each problem with its path', async () => {
    const form = taskForm(await userTask(camundaFormData));
    assert.deepEqual(
      validateTaskVariables(form, { amount: 4, comment: 'ok', colour: 'red', custom: [1] }),
      [],
    );
    assert.deepEqual(
      validateTaskVariables(form, {
        comment: 'far too long',
        urgent: 'yes',
        when: '2020-02-30T10:00:00Z',
        colour: 'green',
        ref: 'x',
        extra: 1,
      }),
      [
        { path: '/amount', message: 'is required' },
        { path: '/comment', message: 'must have at most 5 characters' },
        { path: '/urgent', message: 'must be true or false' },
        { path: '/when', message: 'must be an ISO 8601 date-time' },
        { path: '/colour', message: 'must be one of "red", "blue"' },
        { path: '/ref', message: 'is read-only' },
        { path: '/extra', message: 'is not a field of this form' },
      ],
    );
    assert.deepEqual(validateTaskVariables(form, { amount: 2.5 }), [
      { path: '/amount', message: 'must be a whole number' },
    ]);
    assert.deepEqual(validateTaskVariables(form, { amount: 11, comment: 'a' }), [
      { path: '/amount', message: 'must be at most 10' },
      { path: '/comment', message: 'must have at least 2 characters' },
    ]);
  });

  it('checks minimum, pattern and dates of a form-js form', async () => {
    const form = taskForm(
      await userTask(
        zeebeEmbedded(),
        `<zeebe:userTaskForm id="form1">${escapeXml(formJs)}</zeebe:userTaskForm>`,
      ),
    );
    assert.deepEqual(
      validateTaskVariables(form, { name: 'Ann', age: 40, day: '2024-02-29', nested: 'y' }),
      [],
    );
    assert.deepEqual(validateTaskVariables(form, { name: 'ann', age: 17, day: '2023-02-29', size: 'm' }), [
      { path: '/name', message: 'must match the pattern ^[A-Z]' },
      { path: '/age', message: 'must be at least 18' },
      { path: '/day', message: 'must be an ISO 8601 date' },
      { path: '/size', message: 'must be one of "s", "l"' },
    ]);
  });

  it('allows unknown keys only where the schema does, and needs an object', async () => {
    const open = taskForm(await userTask('<bpmn:userTask id="task" />'));
    assert.deepEqual(validateTaskVariables(open, { anything: { at: 'all' } }), []);
    assert.deepEqual(validateTaskVariables(open, [1]), [
      { path: '', message: 'must be an object of variables' },
    ]);
    const keyed = taskForm(await userTask('<bpmn:userTask id="task" camunda:formKey="app:x" />'));
    assert.deepEqual(validateTaskVariables(keyed, { whatever: 1 }), []);
  });
});

describe('task forms: corpus models', () => {
  it('reads the Camunda 7 form fields of bpmn-elements signals.bpmn (expression defaults left out)', async () => {
    const [graph] = await compileFile(corpusPath('bpmn-elements/resources/signals.bpmn'));
    const form = taskForm(graph?.nodes['tradeTask'] as FlowNode);
    assert.deepEqual(schemaOf(form).properties, {
      price: { type: 'integer', title: 'Price' },
      amount: { type: 'integer', title: 'Amount' },
    });
    assert.deepEqual(validateTaskVariables(form, { amount: '3' }), [
      { path: '/amount', message: 'must be a whole number' },
    ]);
  });

  it('reads the embedded Camunda 8 form of the MIWG C.9.2 reference (text components left out)', async () => {
    const [graph] = await compileFile(corpusPath('bpmn-miwg/Reference/C.9.2.bpmn'));
    const schema = schemaOf(taskForm(graph?.nodes['UserTask_DecideOnApplication'] as FlowNode));
    assert.deepEqual(Object.keys(schema.properties), [
      'applicationNumber',
      'applicantName',
      'age',
      'employment',
      'category',
      'priceIndication',
      'approved',
    ]);
    assert.deepEqual(schema.properties['approved'], { type: 'boolean', title: 'Approved' });
    assert.equal(schema.additionalProperties, false);
  });

  it('reads the required radio and the disabled fields of the MIWG C.8.1 reference vacation form', async () => {
    const [graph] = await compileFile(corpusPath('bpmn-miwg/Reference/C.8.1.bpmn'));
    const task = Object.values(graph?.nodes ?? {}).find((node) => node.type === 'bpmn:UserTask');
    assert.ok(task);
    const form = taskForm(task);
    assert.deepEqual(schemaOf(form).required, ['Vacation Approval']);
    assert.deepEqual(validateTaskVariables(form, { 'Vacation Approval': 'Approved', Reason: 'ok' }), []);
    assert.deepEqual(validateTaskVariables(form, { From: '2020-01-01' }), [
      { path: '/Vacation Approval', message: 'is required' },
      { path: '/From', message: 'is read-only' },
    ]);
  });
});

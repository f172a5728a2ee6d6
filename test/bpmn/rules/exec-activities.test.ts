import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { definitions } from '../../support/models.js';
import { around, diagnose, summary } from './diagnose.js';

const one = (element: string) => around(element, 'a', 'a');

describe('exec-activities rule: loops and quantities', () => {
  it('reports a negative loopMaximum', async () => {
    const xml = one('<bpmn:task id="a"><bpmn:standardLoopCharacteristics loopMaximum="-1" /></bpmn:task>');
    assert.deepEqual(summary(await diagnose(xml, 'spec.loop-characteristics')), [
      ['spec.loop-characteristics', 'a', 'error'],
    ]);
  });

  it('reports a negative literal cardinality but not an expression', async () => {
    const mi = (cardinality: string) =>
      one(
        `<bpmn:task id="a"><bpmn:multiInstanceLoopCharacteristics><bpmn:loopCardinality>${cardinality}</bpmn:loopCardinality></bpmn:multiInstanceLoopCharacteristics></bpmn:task>`,
      );
    assert.deepEqual(summary(await diagnose(mi('-2'), 'spec.loop-characteristics')), [
      ['spec.loop-characteristics', 'a', 'error'],
    ]);
    assert.deepEqual(
      await diagnose(mi('3'), 'spec.loop-characteristics', 'caseflow.multi-instance-input'),
      [],
    );
    assert.deepEqual(await diagnose(mi('= count(items)'), 'spec.loop-characteristics'), []);
  });

  it('reports a multi-instance activity with neither cardinality nor collection', async () => {
    const bare = one('<bpmn:task id="a"><bpmn:multiInstanceLoopCharacteristics /></bpmn:task>');
    assert.deepEqual(summary(await diagnose(bare, 'caseflow.multi-instance-input')), [
      ['caseflow.multi-instance-input', 'a', 'error'],
    ]);
    const zeebe = one(`<bpmn:task id="a"><bpmn:multiInstanceLoopCharacteristics><bpmn:extensionElements>
      <zeebe:loopCharacteristics inputCollection="=items" inputElement="item" />
      </bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics></bpmn:task>`);
    assert.deepEqual(await diagnose(zeebe, 'caseflow.multi-instance-input'), []);
    const camunda = one(
      '<bpmn:task id="a"><bpmn:multiInstanceLoopCharacteristics camunda:collection="items" /></bpmn:task>',
    );
    assert.deepEqual(await diagnose(camunda, 'caseflow.multi-instance-input'), []);
  });

  it('reports a start or completion quantity below one', async () => {
    const xml = one('<bpmn:task id="a" startQuantity="0" completionQuantity="-3" />');
    const diagnostics = await diagnose(xml, 'spec.activity-quantity');
    assert.deepEqual(summary(diagnostics), [
      ['spec.activity-quantity', 'a', 'error'],
      ['spec.activity-quantity', 'a', 'error'],
    ]);
    const messages = diagnostics.map((d) => d.message).join(' ');
    assert.match(messages, /startQuantity of Task "a" is 0;/);
    assert.match(messages, /completionQuantity of Task "a" is -3;/);
  });
});

describe('exec-activities rule: call activities, job types and mappings', () => {
  it('reports a call activity that names no process, in executable processes only', async () => {
    assert.deepEqual(
      summary(await diagnose(one('<bpmn:callActivity id="a" />'), 'caseflow.call-activity-target')),
      [['caseflow.call-activity-target', 'a', 'error']],
    );
    const named = one(
      '<bpmn:callActivity id="a"><bpmn:extensionElements><zeebe:calledElement processId="child" /></bpmn:extensionElements></bpmn:callActivity>',
    );
    assert.deepEqual(await diagnose(named, 'caseflow.call-activity-target'), []);
    assert.deepEqual(
      await diagnose(
        one('<bpmn:callActivity id="a" calledElement="child" />'),
        'caseflow.call-activity-target',
      ),
      [],
    );
    const documentation = definitions(
      '<bpmn:process id="p" isExecutable="false"><bpmn:callActivity id="a" /></bpmn:process>',
    );
    assert.deepEqual(await diagnose(documentation, 'caseflow.call-activity-target'), []);
  });

  it('warns about a service task without a job type and errs for an external task without topic', async () => {
    assert.deepEqual(
      summary(await diagnose(one('<bpmn:serviceTask id="a" />'), 'caseflow.missing-task-type')),
      [['caseflow.missing-task-type', 'a', 'warning']],
    );
    const external = one('<bpmn:serviceTask id="a" camunda:type="external" />');
    assert.deepEqual(summary(await diagnose(external, 'caseflow.missing-task-type')), [
      ['caseflow.missing-task-type', 'a', 'error'],
    ]);
    for (const typed of [
      '<bpmn:serviceTask id="a" camunda:type="external" camunda:topic="charge" />',
      '<bpmn:serviceTask id="a"><bpmn:extensionElements><zeebe:taskDefinition type="charge" /></bpmn:extensionElements></bpmn:serviceTask>',
      '<bpmn:serviceTask id="a"><bpmn:extensionElements><caseflow:taskDefinition type="charge" /></bpmn:extensionElements></bpmn:serviceTask>',
    ]) {
      assert.deepEqual(await diagnose(one(typed), 'caseflow.missing-task-type'), [], typed);
    }
  });

  it('says so when a business rule task calls a DMN decision', async () => {
    const [diagnostic] = await diagnose(
      one('<bpmn:businessRuleTask id="a" camunda:decisionRef="pricing" />'),
      'caseflow.missing-task-type',
    );
    assert.match(diagnostic?.message ?? '', /DMN decision "pricing"/);
  });

  it('reports incomplete camunda:in/out bindings and zeebe mappings', async () => {
    const xml = one(`<bpmn:callActivity id="a" calledElement="child"><bpmn:extensionElements>
      <camunda:in source="" target="x" /><camunda:out source="y" /><camunda:in variables="all" />
      <zeebe:ioMapping><zeebe:input source="=a" /></zeebe:ioMapping>
      </bpmn:extensionElements></bpmn:callActivity>`);
    const diagnostics = await diagnose(xml, 'caseflow.variable-mapping');
    assert.deepEqual(diagnostics.map((d) => d.message.replace(/^.*has a /, '')).sort(), [
      'camunda:In binding without a source or sourceExpression.',
      'camunda:Out binding without a target.',
      'zeebe:IoMapping parameter without a target.',
    ]);
  });
});

describe('exec-activities rule: Camunda 7 list and map parameters', () => {
  it('reports a camunda:list parameter value, which has no expression form', async () => {
    const xml = one(`<bpmn:task id="a"><bpmn:extensionElements><camunda:inputOutput>
      <camunda:inputParameter name="items"><camunda:list><camunda:value>x</camunda:value></camunda:list></camunda:inputParameter>
      </camunda:inputOutput></bpmn:extensionElements></bpmn:task>`);
    const diagnostics = await diagnose(xml, 'caseflow.variable-mapping');
    assert.deepEqual(summary(diagnostics), [['caseflow.variable-mapping', 'a', 'error']]);
    assert.match(diagnostics[0]?.message ?? '', /camunda:List parameter value/);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { definitions, executableProcess } from '../../support/models.js';
import { around, diagnose, summary } from './diagnose.js';

describe('exec-elements rule', () => {
  it('runs every kind of task, gateway, sub-process and event without complaint', async () => {
    const xml = executableProcess(`<bpmn:startEvent id="s" />
      <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="g" />
      <bpmn:complexGateway id="g" />
      <bpmn:sequenceFlow id="f2" sourceRef="g" targetRef="m" />
      <bpmn:manualTask id="m" />
      <bpmn:sequenceFlow id="f3" sourceRef="m" targetRef="t" />
      <bpmn:transaction id="t"><bpmn:startEvent id="ts" /></bpmn:transaction>
      <bpmn:sequenceFlow id="f4" sourceRef="t" targetRef="h" />
      <bpmn:adHocSubProcess id="h"><bpmn:task id="ht" /></bpmn:adHocSubProcess>
      <bpmn:sequenceFlow id="f5" sourceRef="h" targetRef="e" />
      <bpmn:endEvent id="e" />`);
    assert.deepEqual(await diagnose(xml, 'caseflow.unsupported-element', 'caseflow.missing-id'), []);
  });

  it('reports a flow node Caseflow does not execute, by type name', async () => {
    const diagnostics = await diagnose(
      around('<bpmn:implicitThrowEvent id="odd" />', 'odd', 'odd'),
      'caseflow.unsupported-element',
    );
    assert.deepEqual(summary(diagnostics), [['caseflow.unsupported-element', 'odd', 'error']]);
    assert.match(diagnostics[0]?.message ?? '', /does not execute bpmn:ImplicitThrowEvent/);
  });

  it('warns that data stores, data assignments and listeners are ignored', async () => {
    const xml = around(
      `<bpmn:dataStoreReference id="store" />
      <bpmn:task id="a">
        <bpmn:extensionElements><camunda:executionListener class="org.Example" event="start" /></bpmn:extensionElements>
        <bpmn:dataInputAssociation id="di"><bpmn:assignment><bpmn:from>a</bpmn:from><bpmn:to>b</bpmn:to></bpmn:assignment></bpmn:dataInputAssociation>
      </bpmn:task>`,
      'a',
      'a',
    );
    const diagnostics = await diagnose(xml, 'caseflow.unsupported-element');
    assert.deepEqual(summary(diagnostics).sort(), [
      ['caseflow.unsupported-element', 'a', 'warning'],
      ['caseflow.unsupported-element', 'a', 'warning'],
      ['caseflow.unsupported-element', 'store', 'warning'],
    ]);
    const messages = diagnostics.map((d) => d.message).join('\n');
    assert.match(messages, /bpmn:DataStoreReference/);
    assert.match(messages, /camunda:ExecutionListener/);
    assert.match(messages, /bpmn:DataInputAssociation/);
  });

  it('reports a flow node without an id and gives id-less sequence flows a generated id', async () => {
    const xml = executableProcess(`<bpmn:startEvent id="s" /><bpmn:sequenceFlow sourceRef="s" targetRef="e" />
      <bpmn:endEvent id="e" /><bpmn:task />`);
    assert.deepEqual(summary(await diagnose(xml, 'caseflow.missing-id')), [
      ['caseflow.missing-id', undefined, 'error'],
    ]);
  });

  it('leaves processes that are not executable alone', async () => {
    const xml =
      definitions(`<bpmn:process id="p" isExecutable="false"><bpmn:implicitThrowEvent id="odd" /></bpmn:process>
      <bpmn:process id="q" isExecutable="true"><bpmn:startEvent id="s" /></bpmn:process>`);
    assert.deepEqual(await diagnose(xml, 'caseflow.unsupported-element'), []);
  });
});

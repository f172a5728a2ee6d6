import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { executableProcess } from '../../support/models.js';
import { specErrorCodes } from '../../support/spec-codes.js';

const around = (task: string, extra = ''): string =>
  executableProcess(`
  <bpmn:startEvent id="start" />
  <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="task" />
  ${task}
  <bpmn:sequenceFlow id="f2" sourceRef="task" targetRef="end" />
  <bpmn:endEvent id="end" />
  ${extra}`);

describe('spec rule: activities', () => {
  it('reports a start quantity below one', async () => {
    assert.deepEqual(await specErrorCodes(around('<bpmn:task id="task" startQuantity="0" />')), [
      'spec.activity-quantity',
    ]);
  });

  it('reports a script without a script format', async () => {
    const xml = around('<bpmn:scriptTask id="task"><bpmn:script>x = 1</bpmn:script></bpmn:scriptTask>');
    assert.deepEqual(await specErrorCodes(xml), ['spec.missing-attribute']);
  });

  it('accepts a compensation boundary event associated with a compensation handler', async () => {
    const xml = around(
      '<bpmn:task id="task" />',
      `<bpmn:boundaryEvent id="comp" attachedToRef="task"><bpmn:compensateEventDefinition /></bpmn:boundaryEvent>
  <bpmn:task id="undo" isForCompensation="true" />
  <bpmn:association id="link" sourceRef="comp" targetRef="undo" />`,
    );
    assert.deepEqual(await specErrorCodes(xml), []);
  });

  it('reports a compensation boundary event associated with an ordinary task', async () => {
    const xml = around(
      '<bpmn:task id="task" />',
      `<bpmn:boundaryEvent id="comp" attachedToRef="task"><bpmn:compensateEventDefinition /></bpmn:boundaryEvent>
  <bpmn:task id="undo" />
  <bpmn:association id="link" sourceRef="comp" targetRef="undo" />`,
    );
    assert.ok((await specErrorCodes(xml)).includes('spec.compensation'));
  });
});

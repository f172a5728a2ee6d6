import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { definitions } from '../../support/models.js';
import { specErrorCodes } from '../../support/spec-codes.js';

const calling = (calledElement: string, calledStart: string): string =>
  definitions(`<bpmn:message id="go" name="go" />
<bpmn:process id="caller" isExecutable="true">
  <bpmn:startEvent id="start" />
  <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="call" />
  <bpmn:callActivity id="call" calledElement="${calledElement}" />
  <bpmn:sequenceFlow id="f2" sourceRef="call" targetRef="end" />
  <bpmn:endEvent id="end" />
</bpmn:process>
<bpmn:process id="called" isExecutable="true">
  ${calledStart}
  <bpmn:sequenceFlow id="g1" sourceRef="calledStart" targetRef="calledEnd" />
  <bpmn:endEvent id="calledEnd" />
</bpmn:process>`);

describe('spec rule: call activities', () => {
  it('accepts calling a process of the document that has a None start event', async () => {
    assert.deepEqual(await specErrorCodes(calling('called', '<bpmn:startEvent id="calledStart" />')), []);
  });

  it('reports calling a process of the document whose only start event has a trigger', async () => {
    const start = `<bpmn:startEvent id="calledStart"><bpmn:messageEventDefinition messageRef="go" /></bpmn:startEvent>`;
    assert.deepEqual(await specErrorCodes(calling('called', start)), ['spec.called-element']);
  });

  it('does not check a called element that is not a process of the document', async () => {
    const start = `<bpmn:startEvent id="calledStart"><bpmn:messageEventDefinition messageRef="go" /></bpmn:startEvent>`;
    assert.deepEqual(await specErrorCodes(calling('deployedElsewhere', start)), []);
  });
});

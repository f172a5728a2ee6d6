import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { definitions } from '../../support/models.js';
import { diagnose, summary } from './diagnose.js';

const codes = ['caseflow.event-name-missing', 'caseflow.duplicate-message-subscription'] as const;

function model(rootElements: string, flowElements: string): string {
  return definitions(`${rootElements}<bpmn:process id="p" isExecutable="true">
    <bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f" sourceRef="s" targetRef="x" />
    ${flowElements}</bpmn:process>`);
}

describe('exec-events rule', () => {
  it('accepts a message catch event whose message has a name', async () => {
    const xml = model(
      '<bpmn:message id="m" name="paid" />',
      '<bpmn:intermediateCatchEvent id="x"><bpmn:messageEventDefinition messageRef="m" /></bpmn:intermediateCatchEvent>',
    );
    assert.deepEqual(await diagnose(xml, ...codes), []);
  });

  it('reports a message catch event without a message or with an unnamed one', async () => {
    const unnamed = model(
      '<bpmn:message id="m" />',
      '<bpmn:intermediateCatchEvent id="x"><bpmn:messageEventDefinition messageRef="m" /></bpmn:intermediateCatchEvent>',
    );
    assert.deepEqual(summary(await diagnose(unnamed, ...codes)), [
      ['caseflow.event-name-missing', 'x', 'error'],
    ]);
    const none = model(
      '',
      '<bpmn:intermediateCatchEvent id="x"><bpmn:messageEventDefinition /></bpmn:intermediateCatchEvent>',
    );
    assert.deepEqual(summary(await diagnose(none, ...codes)), [
      ['caseflow.event-name-missing', 'x', 'error'],
    ]);
  });

  it('only warns about a receive task without a message (a wait state)', async () => {
    assert.deepEqual(summary(await diagnose(model('', '<bpmn:receiveTask id="x" />'), ...codes)), [
      ['caseflow.event-name-missing', 'x', 'warning'],
    ]);
  });

  it('reports error and escalation throw events without a code', async () => {
    const xml = model(
      '<bpmn:error id="err" errorCode="" /><bpmn:escalation id="esc" />',
      `<bpmn:endEvent id="x"><bpmn:errorEventDefinition errorRef="err" /></bpmn:endEvent>
       <bpmn:intermediateThrowEvent id="y"><bpmn:escalationEventDefinition escalationRef="esc" /></bpmn:intermediateThrowEvent>`,
    );
    assert.deepEqual(summary(await diagnose(xml, ...codes)), [
      ['caseflow.event-name-missing', 'x', 'error'],
      ['caseflow.event-name-missing', 'y', 'error'],
    ]);
  });

  it('reports two boundary events of one activity waiting for the same message', async () => {
    const xml = model(
      '<bpmn:message id="m" name="cancel" />',
      `<bpmn:task id="x" />
       <bpmn:boundaryEvent id="b1" attachedToRef="x"><bpmn:messageEventDefinition messageRef="m" /></bpmn:boundaryEvent>
       <bpmn:boundaryEvent id="b2" attachedToRef="x"><bpmn:messageEventDefinition messageRef="m" /></bpmn:boundaryEvent>`,
    );
    assert.deepEqual(summary(await diagnose(xml, ...codes)), [
      ['caseflow.duplicate-message-subscription', 'b2', 'error'],
    ]);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { definitions } from '../../support/models.js';
import { specErrorCodes } from '../../support/spec-codes.js';

const pools = (messageFlow: string, multiplicity = ''): string =>
  definitions(`
<bpmn:collaboration id="c">
  <bpmn:participant id="pa" processRef="a">${multiplicity}</bpmn:participant>
  <bpmn:participant id="pb" processRef="b" />
  ${messageFlow}
</bpmn:collaboration>
<bpmn:process id="a" isExecutable="true">
  <bpmn:startEvent id="aStart" />
  <bpmn:sequenceFlow id="a1" sourceRef="aStart" targetRef="send" />
  <bpmn:sendTask id="send" />
  <bpmn:sequenceFlow id="a2" sourceRef="send" targetRef="aEnd" />
  <bpmn:endEvent id="aEnd" />
</bpmn:process>
<bpmn:process id="b">
  <bpmn:startEvent id="bStart" />
  <bpmn:sequenceFlow id="b1" sourceRef="bStart" targetRef="receive" />
  <bpmn:receiveTask id="receive" />
  <bpmn:sequenceFlow id="b2" sourceRef="receive" targetRef="bEnd" />
  <bpmn:endEvent id="bEnd" />
</bpmn:process>`);

describe('spec rule: message flows', () => {
  it('accepts a message flow between two pools', async () => {
    assert.deepEqual(
      await specErrorCodes(pools('<bpmn:messageFlow id="m" sourceRef="send" targetRef="receive" />')),
      [],
    );
  });

  it('reports a message flow inside one pool', async () => {
    assert.deepEqual(
      await specErrorCodes(pools('<bpmn:messageFlow id="m" sourceRef="send" targetRef="aEnd" />')),
      ['spec.message-flow'],
    );
  });

  it('reports a message flow that starts at a start event', async () => {
    assert.deepEqual(
      await specErrorCodes(pools('<bpmn:messageFlow id="m" sourceRef="aStart" targetRef="receive" />')),
      ['spec.message-flow'],
    );
  });

  it('reports a participant multiplicity whose maximum is below its minimum', async () => {
    const xml = pools('', '<bpmn:participantMultiplicity minimum="3" maximum="2" />');
    assert.deepEqual(await specErrorCodes(xml), ['spec.structure']);
  });
});

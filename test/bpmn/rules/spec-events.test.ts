import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { executableProcess } from '../../support/models.js';
import { specErrorCodes } from '../../support/spec-codes.js';

const withTask = (extra: string, start = '<bpmn:startEvent id="start" />'): string =>
  executableProcess(`
  ${start}
  <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="task" />
  <bpmn:task id="task" />
  <bpmn:sequenceFlow id="f2" sourceRef="task" targetRef="end" />
  <bpmn:endEvent id="end" />
  ${extra}`);

describe('spec rule: events', () => {
  it('reports an error trigger on the start event of a process', async () => {
    const xml = withTask('', '<bpmn:startEvent id="start"><bpmn:errorEventDefinition /></bpmn:startEvent>');
    assert.deepEqual(await specErrorCodes(xml), ['spec.event-definition']);
  });

  it('accepts a timer start event', async () => {
    const xml = withTask('', '<bpmn:startEvent id="start"><bpmn:timerEventDefinition /></bpmn:startEvent>');
    assert.deepEqual(await specErrorCodes(xml), []);
  });

  it('reports a cancel end event outside a transaction', async () => {
    const xml = withTask('').replace(
      '<bpmn:endEvent id="end" />',
      '<bpmn:endEvent id="end"><bpmn:cancelEventDefinition /></bpmn:endEvent>',
    );
    assert.deepEqual(await specErrorCodes(xml), ['spec.event-definition']);
  });

  it('accepts a timer boundary event with an outgoing flow', async () => {
    const xml =
      withTask(`<bpmn:boundaryEvent id="b" attachedToRef="task"><bpmn:timerEventDefinition /></bpmn:boundaryEvent>
  <bpmn:sequenceFlow id="f3" sourceRef="b" targetRef="end" />`);
    assert.deepEqual(await specErrorCodes(xml), []);
  });

  it('reports a boundary event without an outgoing flow', async () => {
    const xml = withTask(
      '<bpmn:boundaryEvent id="b" attachedToRef="task"><bpmn:timerEventDefinition /></bpmn:boundaryEvent>',
    );
    assert.deepEqual(await specErrorCodes(xml), ['spec.boundary-event']);
  });

  it('reports an error trigger on a non-interrupting boundary event', async () => {
    const xml =
      withTask(`<bpmn:boundaryEvent id="b" attachedToRef="task" cancelActivity="false"><bpmn:errorEventDefinition /></bpmn:boundaryEvent>
  <bpmn:sequenceFlow id="f3" sourceRef="b" targetRef="end" />`);
    assert.deepEqual(await specErrorCodes(xml), ['spec.event-definition']);
  });

  it('reports an intermediate catch event without a trigger', async () => {
    const xml = executableProcess(`
  <bpmn:startEvent id="start" />
  <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="wait" />
  <bpmn:intermediateCatchEvent id="wait" />
  <bpmn:sequenceFlow id="f2" sourceRef="wait" targetRef="end" />
  <bpmn:endEvent id="end" />`);
    assert.deepEqual(await specErrorCodes(xml), ['spec.event-definition']);
  });

  it('reports an escalation end event whose escalation has no code', async () => {
    const xml = withTask('')
      .replace(
        '<bpmn:endEvent id="end" />',
        '<bpmn:endEvent id="end"><bpmn:escalationEventDefinition escalationRef="esc" /></bpmn:endEvent>',
      )
      .replace('<bpmn:process', '<bpmn:escalation id="esc" />\n<bpmn:process');
    assert.deepEqual(await specErrorCodes(xml), ['spec.escalation-code']);
  });
});

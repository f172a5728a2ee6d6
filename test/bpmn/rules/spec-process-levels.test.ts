import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { executableProcess } from '../../support/models.js';
import { specErrorCodes } from '../../support/spec-codes.js';

describe('spec rule: process levels', () => {
  it('reports end events on a level without a start event', async () => {
    const xml = executableProcess(`
  <bpmn:task id="task" />
  <bpmn:sequenceFlow id="f1" sourceRef="task" targetRef="end" />
  <bpmn:endEvent id="end" />`);
    assert.deepEqual(await specErrorCodes(xml), ['spec.start-end-pairing']);
  });

  it('reports a node without incoming flow on a level that has a start event', async () => {
    const xml = executableProcess(`
  <bpmn:startEvent id="start" />
  <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="end" />
  <bpmn:task id="orphan" />
  <bpmn:sequenceFlow id="f2" sourceRef="orphan" targetRef="end" />
  <bpmn:endEvent id="end" />`);
    assert.deepEqual(await specErrorCodes(xml), ['spec.start-end-pairing']);
  });

  it('accepts an event sub-process with one message start event, outside the normal flow', async () => {
    const xml = executableProcess(`
  <bpmn:startEvent id="start" />
  <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="end" />
  <bpmn:endEvent id="end" />
  <bpmn:subProcess id="handler" triggeredByEvent="true">
    <bpmn:startEvent id="hStart"><bpmn:signalEventDefinition /></bpmn:startEvent>
    <bpmn:sequenceFlow id="h1" sourceRef="hStart" targetRef="hEnd" />
    <bpmn:endEvent id="hEnd" />
  </bpmn:subProcess>`);
    assert.deepEqual(await specErrorCodes(xml), []);
  });

  it('reports an event sub-process with two start events', async () => {
    const xml = executableProcess(`
  <bpmn:startEvent id="start" />
  <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="end" />
  <bpmn:endEvent id="end" />
  <bpmn:subProcess id="handler" triggeredByEvent="true">
    <bpmn:startEvent id="s1"><bpmn:signalEventDefinition /></bpmn:startEvent>
    <bpmn:startEvent id="s2"><bpmn:signalEventDefinition /></bpmn:startEvent>
    <bpmn:sequenceFlow id="h1" sourceRef="s1" targetRef="hEnd" />
    <bpmn:sequenceFlow id="h2" sourceRef="s2" targetRef="hEnd" />
    <bpmn:endEvent id="hEnd" />
  </bpmn:subProcess>`);
    assert.deepEqual(await specErrorCodes(xml), ['spec.sub-process-structure']);
  });

  it('reports a start event inside an ad-hoc sub-process', async () => {
    const xml = executableProcess(`
  <bpmn:adHocSubProcess id="adhoc"><bpmn:startEvent id="inner" /><bpmn:task id="t" /></bpmn:adHocSubProcess>`);
    assert.ok((await specErrorCodes(xml)).includes('spec.ad-hoc-sub-process'));
  });
});

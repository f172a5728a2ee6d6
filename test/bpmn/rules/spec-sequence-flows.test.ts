import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { executableProcess, straightThrough } from '../../support/models.js';
import { specErrorCodes } from '../../support/spec-codes.js';

describe('spec rule: sequence flows', () => {
  it('accepts a straight-through process', async () => {
    assert.deepEqual(await specErrorCodes(straightThrough), []);
  });

  it('reports a flow that enters a sub-process from outside', async () => {
    const xml = executableProcess(`
  <bpmn:startEvent id="start" />
  <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="inner" />
  <bpmn:subProcess id="sub"><bpmn:task id="inner" /></bpmn:subProcess>
  <bpmn:sequenceFlow id="f2" sourceRef="sub" targetRef="end" />
  <bpmn:endEvent id="end" />`);
    assert.ok((await specErrorCodes(xml)).includes('spec.sequence-flow-cross-scope'));
  });

  it('reports a flow into a start event and out of an end event', async () => {
    const xml = executableProcess(`
  <bpmn:startEvent id="start" />
  <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="end" />
  <bpmn:endEvent id="end" />
  <bpmn:sequenceFlow id="back" sourceRef="end" targetRef="start" />`);
    const codes = await specErrorCodes(xml);
    assert.ok(codes.includes('spec.start-event-incoming'));
    assert.ok(codes.includes('spec.end-event-outgoing'));
  });

  it('reports a default flow that does not leave its gateway', async () => {
    const xml = executableProcess(`
  <bpmn:startEvent id="start" />
  <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="split" />
  <bpmn:exclusiveGateway id="split" default="f1" />
  <bpmn:sequenceFlow id="a" sourceRef="split" targetRef="end" />
  <bpmn:sequenceFlow id="b" sourceRef="split" targetRef="end" />
  <bpmn:endEvent id="end" />`);
    assert.deepEqual(await specErrorCodes(xml), ['spec.default-flow']);
  });

  it('reports a condition on a flow out of a parallel gateway', async () => {
    const xml = executableProcess(`
  <bpmn:startEvent id="start" />
  <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="split" />
  <bpmn:parallelGateway id="split" />
  <bpmn:sequenceFlow id="a" sourceRef="split" targetRef="end"><bpmn:conditionExpression>=x</bpmn:conditionExpression></bpmn:sequenceFlow>
  <bpmn:sequenceFlow id="b" sourceRef="split" targetRef="end" />
  <bpmn:endEvent id="end" />`);
    assert.deepEqual(await specErrorCodes(xml), ['spec.conditional-flow']);
  });

  it('reports a node whose outgoing list leaves out a flow that starts there', async () => {
    const xml = executableProcess(`
  <bpmn:startEvent id="start"><bpmn:outgoing>f2</bpmn:outgoing></bpmn:startEvent>
  <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="end" />
  <bpmn:sequenceFlow id="f2" sourceRef="end" targetRef="end" />
  <bpmn:endEvent id="end" />`);
    assert.ok((await specErrorCodes(xml)).includes('spec.sequence-flow-endpoint'));
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { executableProcess } from '../../support/models.js';
import { specErrorCodes } from '../../support/spec-codes.js';

const linked = (throwName: string, catchName: string): string =>
  executableProcess(`
  <bpmn:startEvent id="start" />
  <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="jump" />
  <bpmn:intermediateThrowEvent id="jump"><bpmn:linkEventDefinition name="${throwName}" /></bpmn:intermediateThrowEvent>
  <bpmn:intermediateCatchEvent id="land"><bpmn:linkEventDefinition name="${catchName}" /></bpmn:intermediateCatchEvent>
  <bpmn:sequenceFlow id="f2" sourceRef="land" targetRef="end" />
  <bpmn:endEvent id="end" />`);

describe('spec rule: link events', () => {
  it('accepts a throw link and a catch link of the same name', async () => {
    assert.deepEqual(await specErrorCodes(linked('A', 'A')), []);
  });

  it('reports links whose names do not pair up', async () => {
    assert.deepEqual(await specErrorCodes(linked('A', 'B')), ['spec.link-event']);
  });
});

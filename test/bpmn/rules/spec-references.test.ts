import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { importModel } from '../../../shared/bpmn/index.js';
import { definitions, executableProcess } from '../../support/models.js';
import { specErrorCodes } from '../../support/spec-codes.js';

const messageStart = (messageRef: string): string =>
  executableProcess(`
  <bpmn:startEvent id="start"><bpmn:messageEventDefinition id="med" messageRef="${messageRef}" /></bpmn:startEvent>
  <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="end" />
  <bpmn:endEvent id="end" />`).replace(
    '<bpmn:process',
    '<bpmn:message id="message" name="m" />\n<bpmn:process',
  );

describe('spec rule: reference kinds', () => {
  it('accepts a messageRef that names a message', async () => {
    assert.deepEqual(await specErrorCodes(messageStart('message')), []);
  });

  it('reports a messageRef that names something other than a message', async () => {
    assert.deepEqual(await specErrorCodes(messageStart('end')), ['spec.invalid-reference-type']);
  });

  it('resolves a reference qualified with the prefix of the document target namespace', async () => {
    const xml = messageStart('tns:message').replace(
      'targetNamespace="urn:test"',
      'xmlns:tns="urn:test" targetNamespace="urn:test"',
    );
    const result = await importModel(xml);
    assert.deepEqual(result.diagnostics, []);
  });

  it('does not refuse a reference into an imported namespace, and says it was not checked', async () => {
    const xml = messageStart('other:message').replace(
      '<bpmn:message id="message" name="m" />',
      '<bpmn:import importType="http://www.omg.org/spec/BPMN/20100524/MODEL" location="other.bpmn" namespace="urn:other" />',
    );
    const result = await importModel(
      xml.replace('targetNamespace="urn:test"', 'xmlns:other="urn:other" targetNamespace="urn:test"'),
    );
    assert.deepEqual(
      result.diagnostics
        .filter((diagnostic) => diagnostic.code.startsWith('spec.'))
        .map((diagnostic) => [diagnostic.code, diagnostic.severity]),
      [['spec.external-reference', 'info']],
    );
  });

  it('resolves a local id qualified with the BPMN model prefix', async () => {
    const result = await importModel(messageStart('bpmn:message'));
    assert.deepEqual(
      result.diagnostics.filter((diagnostic) => diagnostic.code.startsWith('spec.')),
      [],
    );
  });

  it('reports a reference whose prefix is bound to nothing as dangling', async () => {
    assert.deepEqual(await specErrorCodes(messageStart('nowhere:message')), ['spec.unresolved-reference']);
  });

  it('reports a broken diagram reference as a warning only', async () => {
    const xml = definitions(
      `<bpmn:process id="p" isExecutable="true"><bpmn:startEvent id="s0" /><bpmn:sequenceFlow id="f1" sourceRef="s0" targetRef="t" /><bpmn:task id="t" /><bpmn:sequenceFlow id="f2" sourceRef="t" targetRef="e" /><bpmn:endEvent id="e" /></bpmn:process>
<bpmndi:BPMNDiagram id="d"><bpmndi:BPMNPlane id="plane" bpmnElement="p"><bpmndi:BPMNShape id="s" bpmnElement="missing"><dc:Bounds x="0" y="0" width="1" height="1" /></bpmndi:BPMNShape></bpmndi:BPMNPlane></bpmndi:BPMNDiagram>`,
      'xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC"',
    );
    const result = await importModel(xml);
    assert.deepEqual(
      result.diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.severity]),
      [['spec.diagram-reference', 'warning']],
    );
  });
});

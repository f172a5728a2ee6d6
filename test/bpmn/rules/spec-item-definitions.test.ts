import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { importModel } from '../../../shared/bpmn/index.js';
import { executableProcess } from '../../support/models.js';
import { specErrorCodes } from '../../support/spec-codes.js';

const endWithData = (dataInputs: string, triggers: string): string =>
  executableProcess(`
  <bpmn:startEvent id="start" />
  <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="end" />
  <bpmn:endEvent id="end">${dataInputs}${triggers}</bpmn:endEvent>`).replace(
    '<bpmn:process',
    '<bpmn:itemDefinition id="item" structureRef="string" /><bpmn:itemDefinition id="list" isCollection="true" /><bpmn:signal id="sig" structureRef="item" /><bpmn:process',
  );

const signals =
  '<bpmn:signalEventDefinition signalRef="sig" /><bpmn:signalEventDefinition signalRef="sig" />';

describe('spec rule: item definitions', () => {
  it('accepts an end event with one data input per trigger', async () => {
    const inputs =
      '<bpmn:dataInput id="a" itemSubjectRef="item" /><bpmn:dataInput id="b" itemSubjectRef="item" />';
    assert.deepEqual(await specErrorCodes(endWithData(inputs, signals)), []);
  });

  it('reports an end event that uses data but has fewer data inputs than triggers', async () => {
    assert.deepEqual(await specErrorCodes(endWithData('<bpmn:dataInput id="a" />', signals)), [
      'spec.data-io',
    ]);
  });

  it('warns, without a spec error, when a data input does not carry the item of its signal', async () => {
    const xml = endWithData(
      '<bpmn:dataInput id="a" itemSubjectRef="list" isCollection="true" />',
      '<bpmn:signalEventDefinition signalRef="sig" />',
    );
    const result = await importModel(xml);
    assert.deepEqual(await specErrorCodes(xml), []);
    assert.ok(
      result.diagnostics.some(
        (diagnostic) => diagnostic.code === 'spec.item-definition' && diagnostic.severity === 'warning',
      ),
    );
  });

  it('warns when isCollection of a data element differs from its item definition', async () => {
    const result = await importModel(
      endWithData('<bpmn:dataInput id="a" itemSubjectRef="item" isCollection="true" />', ''),
    );
    assert.ok(
      result.diagnostics.some(
        (diagnostic) => diagnostic.code === 'spec.item-definition' && diagnostic.element === 'a',
      ),
    );
  });
});

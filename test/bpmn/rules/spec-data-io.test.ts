import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { executableProcess } from '../../support/models.js';
import { specErrorCodes } from '../../support/spec-codes.js';

const withIo = (io: string): string =>
  executableProcess(`
  <bpmn:startEvent id="start" />
  <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="task" />
  <bpmn:task id="task"><bpmn:ioSpecification>${io}</bpmn:ioSpecification></bpmn:task>
  <bpmn:sequenceFlow id="f2" sourceRef="task" targetRef="end" />
  <bpmn:endEvent id="end" />`);

describe('spec rule: data inputs and outputs', () => {
  it('accepts a data input that belongs to an input set', async () => {
    const xml = withIo(
      '<bpmn:dataInput id="in" /><bpmn:inputSet><bpmn:dataInputRefs>in</bpmn:dataInputRefs></bpmn:inputSet><bpmn:outputSet />',
    );
    assert.deepEqual(await specErrorCodes(xml), []);
  });

  it('reports a data input that belongs to no input set', async () => {
    const xml = withIo('<bpmn:dataInput id="in" /><bpmn:inputSet /><bpmn:outputSet />');
    assert.deepEqual(await specErrorCodes(xml), ['spec.data-io']);
  });

  it('reports an optional input that is not one of its set inputs', async () => {
    const xml = withIo(
      `<bpmn:dataInput id="in" /><bpmn:dataInput id="extra" />
  <bpmn:inputSet><bpmn:dataInputRefs>in</bpmn:dataInputRefs><bpmn:optionalInputRefs>extra</bpmn:optionalInputRefs></bpmn:inputSet>
  <bpmn:inputSet><bpmn:dataInputRefs>extra</bpmn:dataInputRefs></bpmn:inputSet><bpmn:outputSet />`,
    );
    assert.deepEqual(await specErrorCodes(xml), ['spec.data-io']);
  });
});

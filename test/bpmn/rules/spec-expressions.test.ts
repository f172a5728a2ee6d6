import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { definitions, executableProcess } from '../../support/models.js';
import { specErrorCodes } from '../../support/spec-codes.js';

const XSI = 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"';

const withConditionalCatch = (condition: string, executable = true): string =>
  definitions(
    `<bpmn:process id="process" isExecutable="${executable}">
  <bpmn:startEvent id="start" />
  <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="wait" />
  <bpmn:intermediateCatchEvent id="wait">
    <bpmn:conditionalEventDefinition id="trigger">${condition}</bpmn:conditionalEventDefinition>
  </bpmn:intermediateCatchEvent>
  <bpmn:sequenceFlow id="f2" sourceRef="wait" targetRef="end" />
  <bpmn:endEvent id="end" />
</bpmn:process>`,
    XSI,
  );

const withTransformation = (transformation: string): string =>
  executableProcess(`
  <bpmn:startEvent id="start" />
  <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="task" />
  <bpmn:task id="task">
    <bpmn:ioSpecification>
      <bpmn:dataInput id="input" />
      <bpmn:inputSet><bpmn:dataInputRefs>input</bpmn:dataInputRefs></bpmn:inputSet>
      <bpmn:outputSet />
    </bpmn:ioSpecification>
    <bpmn:dataInputAssociation id="feed">
      <bpmn:sourceRef>data</bpmn:sourceRef>
      <bpmn:targetRef>input</bpmn:targetRef>
      ${transformation}
    </bpmn:dataInputAssociation>
  </bpmn:task>
  <bpmn:sequenceFlow id="f2" sourceRef="task" targetRef="end" />
  <bpmn:endEvent id="end" />
  <bpmn:dataObject id="object" />
  <bpmn:dataObjectReference id="data" dataObjectRef="object" />`);

describe('spec rule: expressions', () => {
  it('reports a data transformation with an empty formal expression', async () => {
    assert.deepEqual(await specErrorCodes(withTransformation('<bpmn:transformation />')), [
      'spec.expression',
    ]);
  });

  it('accepts a data transformation with a body', async () => {
    assert.deepEqual(
      await specErrorCodes(withTransformation('<bpmn:transformation>x</bpmn:transformation>')),
      [],
    );
  });

  it('reports an empty correlation message path, outside any process', async () => {
    const xml = definitions(`<bpmn:message id="order" />
<bpmn:correlationProperty id="orderId">
  <bpmn:correlationPropertyRetrievalExpression messageRef="order"><bpmn:messagePath /></bpmn:correlationPropertyRetrievalExpression>
</bpmn:correlationProperty>`);
    assert.deepEqual(await specErrorCodes(xml), ['spec.expression']);
  });

  it('accepts a formal condition on a conditional event of an executable process', async () => {
    const xml = withConditionalCatch(
      '<bpmn:condition xsi:type="bpmn:tFormalExpression">= ready</bpmn:condition>',
    );
    assert.deepEqual(await specErrorCodes(xml), []);
  });

  it('reports a natural-language condition on a conditional event of an executable process', async () => {
    const xml = withConditionalCatch('<bpmn:condition>when the goods are ready</bpmn:condition>');
    assert.deepEqual(await specErrorCodes(xml), ['spec.expression']);
  });

  it('reports a conditional event of an executable process without a condition', async () => {
    assert.deepEqual(await specErrorCodes(withConditionalCatch('')), ['spec.expression']);
  });

  it('accepts a natural-language condition in a process that is not executable', async () => {
    const xml = withConditionalCatch('<bpmn:condition>when the goods are ready</bpmn:condition>', false);
    assert.deepEqual(await specErrorCodes(xml), []);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { executableProcess } from '../../support/models.js';
import { diagnose, summary } from './diagnose.js';

const codes = ['caseflow.no-start-event', 'caseflow.multiple-none-start-events'] as const;

describe('exec-start-events rule', () => {
  it('reports an executable process without a start event, naming the process', async () => {
    const diagnostics = await diagnose(executableProcess('<bpmn:task id="t" />', 'orders'), ...codes);
    assert.deepEqual(summary(diagnostics), [['caseflow.no-start-event', 'orders', 'error']]);
  });

  it('does not count start events of event sub-processes', async () => {
    const xml = executableProcess(`<bpmn:subProcess id="handler" triggeredByEvent="true">
      <bpmn:startEvent id="s"><bpmn:messageEventDefinition /></bpmn:startEvent></bpmn:subProcess>`);
    assert.deepEqual(summary(await diagnose(xml, ...codes)), [
      ['caseflow.no-start-event', 'process', 'error'],
    ]);
  });

  it('accepts message, timer, signal and conditional start events', async () => {
    for (const definition of [
      '<bpmn:messageEventDefinition />',
      '<bpmn:timerEventDefinition><bpmn:timeCycle>R/PT1H</bpmn:timeCycle></bpmn:timerEventDefinition>',
      '<bpmn:signalEventDefinition />',
      '<bpmn:conditionalEventDefinition><bpmn:condition>= x</bpmn:condition></bpmn:conditionalEventDefinition>',
    ]) {
      const xml = executableProcess(`<bpmn:startEvent id="s">${definition}</bpmn:startEvent>`);
      assert.deepEqual(await diagnose(xml, ...codes), [], definition);
    }
  });

  it('accepts an instantiating receive task or event-based gateway without incoming flows instead', async () => {
    for (const starter of [
      '<bpmn:receiveTask id="r" instantiate="true" />',
      '<bpmn:eventBasedGateway id="g" instantiate="true" />',
    ]) {
      assert.deepEqual(await diagnose(executableProcess(starter), ...codes), [], starter);
    }
  });

  it('still reports a process whose instantiating gateway has an incoming flow', async () => {
    const xml = executableProcess(`<bpmn:task id="t" /><bpmn:eventBasedGateway id="g" instantiate="true" />
      <bpmn:sequenceFlow id="f" sourceRef="t" targetRef="g" />`);
    assert.deepEqual(summary(await diagnose(xml, ...codes)), [
      ['caseflow.no-start-event', 'process', 'error'],
    ]);
  });

  it('reports every none start event after the first, but allows several timer starts', async () => {
    const xml =
      executableProcess(`<bpmn:startEvent id="a" /><bpmn:startEvent id="b" /><bpmn:startEvent id="c" />
      <bpmn:startEvent id="t1"><bpmn:timerEventDefinition><bpmn:timeCycle>R/PT1H</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:startEvent>
      <bpmn:startEvent id="t2"><bpmn:timerEventDefinition><bpmn:timeCycle>R/PT2H</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:startEvent>`);
    assert.deepEqual(summary(await diagnose(xml, ...codes)), [
      ['caseflow.multiple-none-start-events', 'b', 'error'],
      ['caseflow.multiple-none-start-events', 'c', 'error'],
    ]);
  });
});

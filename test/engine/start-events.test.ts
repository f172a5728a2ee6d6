import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { flow } from '../support/flow-xml.js';
import { definitions, executableProcess } from '../support/models.js';
import { run } from './harness.js';

const timerStarted = (timer: string) =>
  executableProcess(`<bpmn:startEvent id="tick"><bpmn:timerEventDefinition>${timer}</bpmn:timerEventDefinition></bpmn:startEvent>
    ${flow('f0', 'tick', 'end')}<bpmn:endEvent id="end" />`);

describe('scenario runner: timer and signal start events', () => {
  it('starts a process without a none start event when its timer start event is due', async () => {
    const result = await run(
      timerStarted('<bpmn:timeDate>2000-01-03T08:00:00Z</bpmn:timeDate>'),
      {},
      { variables: { a: 1 } },
    );
    assert.equal(result.state, 'completed');
    assert.deepEqual(
      result.trace.map((entry) => `${entry.element}@${entry.at}`),
      ['tick@2000-01-03T08:00:00.000Z', 'end@2000-01-03T08:00:00.000Z'],
    );
    assert.deepEqual(result.variables, { a: 1 });
  });

  it('starts an instance at every occurrence of a timer cycle, reporting the first', async () => {
    const result = await run(timerStarted('<bpmn:timeCycle>R3/PT1H</bpmn:timeCycle>'));
    assert.equal(result.state, 'completed');
    assert.deepEqual(
      result.trace.filter((entry) => entry.element === 'tick').map((entry) => entry.at.slice(11, 16)),
      ['01:00', '02:00', '03:00'],
    );
  });

  it('starts instances of a timer cycle with a start and an end date until the end, inclusive', async () => {
    const result = await run(
      timerStarted('<bpmn:timeCycle>R/2000-01-01T06:00:00Z/PT1H/2000-01-01T08:00:00Z</bpmn:timeCycle>'),
    );
    assert.equal(result.state, 'completed');
    assert.deepEqual(
      result.trace.filter((entry) => entry.element === 'tick').map((entry) => entry.at.slice(11, 16)),
      ['06:00', '07:00', '08:00'],
    );
  });

  const conditionallyStarted = executableProcess(`
    <bpmn:startEvent id="big"><bpmn:conditionalEventDefinition><bpmn:condition xsi:type="bpmn:tFormalExpression">=amount &gt; 100</bpmn:condition></bpmn:conditionalEventDefinition></bpmn:startEvent>
    <bpmn:startEvent id="small"><bpmn:conditionalEventDefinition><bpmn:condition xsi:type="bpmn:tFormalExpression">=amount &lt; 10</bpmn:condition></bpmn:conditionalEventDefinition></bpmn:startEvent>
    ${flow('f0', 'big', 'end')}${flow('f1', 'small', 'end')}<bpmn:endEvent id="end" />`);

  it('starts a process at each conditional start event whose condition holds over the run variables', async () => {
    const result = await run(conditionallyStarted, {}, { variables: { amount: 500 } });
    assert.equal(result.state, 'completed');
    assert.deepEqual(
      result.trace.map((entry) => entry.element),
      ['big', 'end'],
    );
    assert.deepEqual(result.variables, { amount: 500 });
  });

  it('does not start a process whose conditional start conditions are false or fail', async () => {
    for (const variables of [{ amount: 50 }, { amount: null }]) {
      const result = await run(conditionallyStarted, {}, { variables });
      assert.deepEqual(result.trace, [], JSON.stringify(variables));
      assert.equal(result.state, 'active');
    }
  });

  it('stops an unbounded timer cycle at maxSteps', async () => {
    const result = await run(timerStarted('<bpmn:timeCycle>R/PT1M</bpmn:timeCycle>'), { maxSteps: 5 });
    assert.equal(result.stopped, 'maxSteps');
    assert.equal(result.trace.filter((entry) => entry.element === 'tick').length, 5);
  });

  it('starts every process with a signal start event when the signal is thrown or arrives from the scenario', async () => {
    const model = definitions(`<bpmn:signal id="go" name="go" /><bpmn:signal id="later" name="later" />
      <bpmn:process id="main" isExecutable="true"><bpmn:startEvent id="start" />${flow('f0', 'start', 'shout')}
        <bpmn:endEvent id="shout"><bpmn:signalEventDefinition signalRef="go" /></bpmn:endEvent></bpmn:process>
      <bpmn:process id="listener" isExecutable="true"><bpmn:startEvent id="heard"><bpmn:signalEventDefinition signalRef="go" /></bpmn:startEvent>
        ${flow('l0', 'heard', 'done')}<bpmn:endEvent id="done" /></bpmn:process>
      <bpmn:process id="late" isExecutable="true"><bpmn:startEvent id="lateStart"><bpmn:signalEventDefinition signalRef="later" /></bpmn:startEvent>
        ${flow('t0', 'lateStart', 'lateEnd')}<bpmn:endEvent id="lateEnd" /></bpmn:process>`);
    const result = await run(model, { signals: [{ name: 'later', after: 'done' }] }, { process: 'main' });
    assert.equal(result.state, 'completed');
    assert.deepEqual(
      result.trace.map((entry) => `${entry.process}:${entry.element}`),
      ['main:start', 'main:shout', 'listener:heard', 'listener:done', 'late:lateStart', 'late:lateEnd'],
    );
  });
});

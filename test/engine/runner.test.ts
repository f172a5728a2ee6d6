import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { definitions, executableProcess, straightThrough } from '../support/models.js';
import { flow, job, timerCatch } from '../support/flow-xml.js';
import { elements, run } from './harness.js';

describe('scenario runner', () => {
  it('answers jobs by element id before task type, uses steps in order and repeats the last', async () => {
    const model = executableProcess(`<bpmn:startEvent id="start" />${flow('f0', 'start', 'a')}
      ${job('a', 'count')}${flow('f1', 'a', 'b')}${job('b', 'count')}${flow('f2', 'b', 'c')}${job('c', 'count')}
      ${flow('f3', 'c', 'd')}${job('d', 'count')}${flow('f4', 'd', 'end')}<bpmn:endEvent id="end" />`);
    const result = await run(model, {
      jobs: {
        count: [{ complete: { vars: { n: 1 } } }, { complete: { vars: { n: 2 } } }],
        c: [{ complete: { vars: { fromC: true } } }],
      },
    });
    assert.equal(result.state, 'completed');
    assert.deepEqual(result.variables, { n: 2, fromC: true });
  });

  it('stops a run that would not end at maxSteps', async () => {
    const result = await run(
      executableProcess(`<bpmn:startEvent id="start" />${flow('f0', 'start', 'again')}
        ${job('again', 'loop')}${flow('f1', 'again', 'again')}${flow('f2', 'again', 'end')}<bpmn:endEvent id="end" />`),
      { maxSteps: 25 },
    );
    assert.equal(result.state, 'active');
    assert.equal(result.stopped, 'maxSteps');
  });

  it('delivers a message with `after` only once the named element has completed', async () => {
    const model = definitions(`<bpmn:message id="m" name="ping" />
      <bpmn:process id="p" isExecutable="true"><bpmn:startEvent id="start" />
        ${flow('f1', 'start', 'catch')}${flow('f2', 'start', 'u')}
        <bpmn:intermediateCatchEvent id="catch"><bpmn:messageEventDefinition messageRef="m" /></bpmn:intermediateCatchEvent>
        <bpmn:userTask id="u" />${flow('f3', 'u', 'v')}<bpmn:userTask id="v" />
        ${flow('f4', 'catch', 'caught')}${flow('f5', 'v', 'done')}<bpmn:endEvent id="caught" /><bpmn:endEvent id="done" /></bpmn:process>`);
    const result = await run(model, { messages: [{ name: 'ping', after: 'v' }] });
    assert.deepEqual(elements(result), ['start', 'u', 'v', 'done', 'catch', 'caught']);
  });

  it('starts --with processes first and routes thrown messages between them by correlation key', async () => {
    const model = definitions(`
      <bpmn:message id="m" name="done"><bpmn:extensionElements><zeebe:subscription correlationKey="=key" /></bpmn:extensionElements></bpmn:message>
      <bpmn:process id="waiter" isExecutable="true"><bpmn:startEvent id="ws" />${flow('w1', 'ws', 'wait')}
        <bpmn:receiveTask id="wait" messageRef="m"><bpmn:extensionElements><zeebe:ioMapping><zeebe:input source="=&quot;k1&quot;" target="key" /></zeebe:ioMapping></bpmn:extensionElements></bpmn:receiveTask>
        ${flow('w2', 'wait', 'we')}<bpmn:endEvent id="we" /></bpmn:process>
      <bpmn:process id="sender" isExecutable="true"><bpmn:startEvent id="ss" />${flow('s1', 'ss', 'send')}
        <bpmn:intermediateThrowEvent id="send"><bpmn:extensionElements><zeebe:ioMapping><zeebe:input source="=&quot;k1&quot;" target="key" /></zeebe:ioMapping></bpmn:extensionElements><bpmn:messageEventDefinition messageRef="m" /></bpmn:intermediateThrowEvent>
        ${flow('s2', 'send', 'se')}<bpmn:endEvent id="se" /></bpmn:process>`);
    const result = await run(model, {}, { process: 'sender', with: ['waiter'] });
    assert.equal(result.process, 'sender');
    assert.equal(result.state, 'completed');
    assert.deepEqual(
      result.trace.map((entry) => `${entry.process}:${entry.element}`),
      ['waiter:ws', 'sender:ss', 'sender:send', 'sender:se', 'waiter:wait', 'waiter:we'],
    );
  });

  it('starts a process with a matching message start event for a thrown message', async () => {
    const model = definitions(`<bpmn:message id="m" name="kick" />
      <bpmn:process id="main" isExecutable="true"><bpmn:startEvent id="s" />${flow('f1', 's', 't')}
        <bpmn:endEvent id="t"><bpmn:messageEventDefinition messageRef="m" /></bpmn:endEvent></bpmn:process>
      <bpmn:process id="other" isExecutable="true"><bpmn:startEvent id="ms"><bpmn:messageEventDefinition messageRef="m" /></bpmn:startEvent>
        ${flow('f2', 'ms', 'oe')}<bpmn:endEvent id="oe" /></bpmn:process>`);
    const result = await run(model);
    assert.deepEqual(
      result.trace.map((entry) => `${entry.process}:${entry.element}`),
      ['main:s', 'main:t', 'other:ms', 'other:oe'],
    );
  });

  it('starts a process at an instantiating receive task for a scenario message', async () => {
    const model = definitions(`<bpmn:message id="m" name="order" />
      <bpmn:process id="main" isExecutable="true"><bpmn:startEvent id="s" />${flow('f1', 's', 'e')}<bpmn:endEvent id="e" /></bpmn:process>
      <bpmn:process id="orders" isExecutable="true"><bpmn:startEvent id="os" />${flow('f3', 'os', 'done')}
        <bpmn:receiveTask id="take" messageRef="m" instantiate="true" />
        ${flow('f2', 'take', 'done')}<bpmn:endEvent id="done" /></bpmn:process>`);
    const result = await run(model, { messages: [{ name: 'order', vars: { item: 'book' } }] });
    assert.deepEqual(
      result.trace.map((entry) => `${entry.process}:${entry.element}`),
      ['main:s', 'main:e', 'orders:take', 'orders:done'],
    );
  });

  it('starts a process without a start event at its instantiating receive task', async () => {
    const model = definitions(`<bpmn:message id="m" name="order" />
      <bpmn:process id="orders" isExecutable="true"><bpmn:receiveTask id="take" messageRef="m" instantiate="true" />
        ${flow('f1', 'take', 'done')}<bpmn:endEvent id="done" /></bpmn:process>`);
    const result = await run(model, { messages: [{ name: 'order', vars: { item: 'book' } }] });
    assert.equal(result.state, 'completed');
    assert.deepEqual(elements(result), ['take', 'done']);
    assert.deepEqual(result.variables, { item: 'book' });
  });

  it('fires timers in due order by jumping the virtual clock', async () => {
    const timer = (id: string, duration: string) =>
      timerCatch(id, `<bpmn:timeDuration>${duration}</bpmn:timeDuration>`);
    const result = await run(
      executableProcess(`<bpmn:startEvent id="start" />${flow('f1', 'start', 'late')}${flow('f2', 'start', 'early')}
        ${timer('late', 'P1D')}${timer('early', 'PT1S')}${flow('f3', 'late', 'lateEnd')}${flow('f4', 'early', 'earlyEnd')}
        <bpmn:endEvent id="lateEnd" /><bpmn:endEvent id="earlyEnd" />`),
    );
    assert.deepEqual(
      result.trace.map((entry) => [entry.element, entry.at]),
      [
        ['start', '2000-01-01T00:00:00.000Z'],
        ['early', '2000-01-01T00:00:01.000Z'],
        ['earlyEnd', '2000-01-01T00:00:01.000Z'],
        ['late', '2000-01-02T00:00:00.000Z'],
        ['lateEnd', '2000-01-02T00:00:00.000Z'],
      ],
    );
  });

  it('rejects an unknown process name', async () => {
    await assert.rejects(run(straightThrough, {}, { process: 'nope' }), /no executable process "nope"/);
  });
});

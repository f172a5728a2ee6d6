import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compensable, flow, job } from '../support/flow-xml.js';
import { definitions } from '../support/models.js';
import { driverFor, type Driver } from './harness.js';

/** A compensation event sub-process `id` whose start `<id>Start` leads to the task `<id>Note`. */
function compensationEventSubProcess(id: string): string {
  return `<bpmn:subProcess id="${id}" triggeredByEvent="true">
    <bpmn:startEvent id="${id}Start"><bpmn:compensateEventDefinition /></bpmn:startEvent>${flow(`${id}0`, `${id}Start`, `${id}Note`)}
    <bpmn:task id="${id}Note" />${flow(`${id}1`, `${id}Note`, `${id}End`)}<bpmn:endEvent id="${id}End" /></bpmn:subProcess>`;
}

const process = (body: string) =>
  definitions(
    `<bpmn:error id="err" errorCode="FAILED" /><bpmn:process id="process" isExecutable="true">${body}</bpmn:process>`,
  );

/** A transaction `tx` holding `inside`, with a cancel boundary to `rolledBack` and optionally more boundaries. */
const transaction = (inside: string, boundaries = '') =>
  process(`<bpmn:startEvent id="start" />${flow('f0', 'start', 'tx')}
    <bpmn:transaction id="tx"><bpmn:startEvent id="txStart" />${inside}</bpmn:transaction>
    ${flow('f1', 'tx', 'done')}<bpmn:endEvent id="done" />
    <bpmn:boundaryEvent id="txCancelled" attachedToRef="tx"><bpmn:cancelEventDefinition /></bpmn:boundaryEvent>
    ${flow('f2', 'txCancelled', 'rolledBack')}<bpmn:endEvent id="rolledBack" />${boundaries}`);

const cancelEnd = '<bpmn:endEvent id="abort"><bpmn:cancelEventDefinition /></bpmn:endEvent>';

const ended = (driver: Driver) =>
  driver.ended.map((entry) => `${entry.element}${entry.event === 'completed' ? '' : `!${entry.event}`}`);

describe('engine: transactions (cancel and hazards)', () => {
  it('leaves a transaction by its error boundary on a hazard, without compensating what completed in it', async () => {
    const inside = `${flow('t0', 'txStart', 'a')}${compensable('a', '<bpmn:task id="a" />')}
      ${flow('t1', 'a', 'charge')}${job('charge', 'charge')}${flow('t2', 'charge', 'txEnd')}<bpmn:endEvent id="txEnd" />`;
    const hazard = `<bpmn:boundaryEvent id="hazard" attachedToRef="tx"><bpmn:errorEventDefinition errorRef="err" /></bpmn:boundaryEvent>
      ${flow('f3', 'hazard', 'failed')}<bpmn:endEvent id="failed" />`;
    const driver = (await driverFor(transaction(inside, hazard))).start();
    const [charge] = driver.commandsOf('runJob');
    driver.send({ type: 'jobError', elementInstance: charge?.elementInstance ?? '', code: 'FAILED' });
    assert.equal(driver.state.status, 'completed');
    assert.deepEqual(ended(driver), [
      'start',
      'txStart',
      'a',
      'charge!terminated',
      'tx!terminated',
      'hazard',
      'failed',
    ]);
  });

  it('fires the cancel boundary only after every compensation handler, including one with a job, has ended', async () => {
    const refund = `<bpmn:serviceTask id="undoa" isForCompensation="true"><bpmn:extensionElements><zeebe:taskDefinition type="refund" /></bpmn:extensionElements></bpmn:serviceTask>`;
    const inside = `${flow('t0', 'txStart', 'a')}${compensable('a', '<bpmn:task id="a" />', refund)}
      ${flow('t1', 'a', 'b')}${compensable('b', '<bpmn:task id="b" />')}${flow('t2', 'b', 'abort')}${cancelEnd}`;
    const driver = (await driverFor(transaction(inside))).start();
    assert.equal(driver.state.status, 'active');
    assert.deepEqual(ended(driver), ['start', 'txStart', 'a', 'b', 'abort', 'undob']);
    const [work] = driver.commandsOf('runJob');
    assert.equal(work?.element, 'undoa');
    driver.send({ type: 'jobCompleted', elementInstance: work?.elementInstance ?? '' });
    assert.deepEqual(ended(driver).slice(-4), ['undoa', 'tx!terminated', 'txCancelled', 'rolledBack']);
    assert.equal(driver.state.status, 'completed');
  });

  it('compensates, on cancel, what completed inside a completed inner sub-process, last completed first', async () => {
    const inside = `${flow('t0', 'txStart', 'a')}${compensable('a', '<bpmn:task id="a" />')}${flow('t1', 'a', 'sub')}
      <bpmn:subProcess id="sub"><bpmn:startEvent id="s" />${flow('s0', 's', 'b')}${compensable('b', '<bpmn:task id="b" />')}
        ${flow('s1', 'b', 'c')}${compensable('c', '<bpmn:task id="c" />')}${flow('s2', 'c', 'e')}<bpmn:endEvent id="e" /></bpmn:subProcess>
      ${flow('t2', 'sub', 'abort')}${cancelEnd}`;
    const driver = (await driverFor(transaction(inside))).start();
    assert.equal(driver.state.status, 'completed');
    assert.deepEqual(ended(driver).slice(-7), [
      'abort',
      'undoc',
      'undob',
      'undoa',
      'tx!terminated',
      'txCancelled',
      'rolledBack',
    ]);
  });

  it('runs, on cancel, the compensation event sub-process of a completed inner sub-process instead of its handlers', async () => {
    const inside = `${flow('t0', 'txStart', 'a')}${compensable('a', '<bpmn:task id="a" />')}${flow('t1', 'a', 'sub')}
      <bpmn:subProcess id="sub"><bpmn:startEvent id="s" />${flow('s0', 's', 'b')}${compensable('b', '<bpmn:task id="b" />')}
        ${flow('s1', 'b', 'e')}<bpmn:endEvent id="e" />${compensationEventSubProcess('undoSub')}</bpmn:subProcess>
      ${flow('t2', 'sub', 'abort')}${cancelEnd}`;
    const driver = (await driverFor(transaction(inside))).start();
    assert.equal(driver.state.status, 'completed');
    // One after another, last completed first: `undoa` starts only once the event sub-process has ended.
    assert.deepEqual(ended(driver).slice(-9), [
      'abort',
      'undoSubStart',
      'undoSubNote',
      'undoSubEnd',
      'undoSub',
      'undoa',
      'tx!terminated',
      'txCancelled',
      'rolledBack',
    ]);
    assert.ok(!driver.ended.some((entry) => entry.element === 'undob'));
  });

  it('starts the next compensation handler on cancel only after the previous one, waiting for a job, has ended', async () => {
    const refund = `<bpmn:serviceTask id="undob" isForCompensation="true"><bpmn:extensionElements><zeebe:taskDefinition type="refund" /></bpmn:extensionElements></bpmn:serviceTask>`;
    const inside = `${flow('t0', 'txStart', 'a')}${compensable('a', '<bpmn:task id="a" />')}
      ${flow('t1', 'a', 'b')}${compensable('b', '<bpmn:task id="b" />', refund)}${flow('t2', 'b', 'abort')}${cancelEnd}`;
    const driver = (await driverFor(transaction(inside))).start();
    assert.deepEqual(ended(driver), ['start', 'txStart', 'a', 'b', 'abort']);
    assert.ok(!Object.values(driver.state.elementInstances).some((instance) => instance.element === 'undoa'));
    const [work] = driver.commandsOf('runJob');
    assert.equal(work?.element, 'undob');
    driver.send({ type: 'jobCompleted', elementInstance: work?.elementInstance ?? '' });
    assert.deepEqual(ended(driver).slice(-5), [
      'undob',
      'undoa',
      'tx!terminated',
      'txCancelled',
      'rolledBack',
    ]);
    assert.equal(driver.state.status, 'completed');
  });

  it('does not compensate an activity that was still running when the transaction was cancelled', async () => {
    const inside = `${flow('t0', 'txStart', 'a')}${flow('t1', 'txStart', 'wait')}
      ${compensable('wait', job('wait', 'wait'))}${flow('t2', 'wait', 'txEnd')}<bpmn:endEvent id="txEnd" />
      ${compensable('a', '<bpmn:task id="a" />')}${flow('t3', 'a', 'abort')}${cancelEnd}`;
    const driver = (await driverFor(transaction(inside))).start();
    assert.equal(driver.state.status, 'completed');
    assert.ok(!driver.ended.some((entry) => entry.element === 'undowait'));
    assert.deepEqual(ended(driver).slice(-4), ['undoa', 'tx!terminated', 'txCancelled', 'rolledBack']);
  });
});

describe('engine: compensation event sub-processes inside multi-instance sub-processes', () => {
  it('runs the compensation event sub-process once per completed instance instead of the inner handlers', async () => {
    const model = process(`<bpmn:startEvent id="start" />${flow('f0', 'start', 'sub')}
      <bpmn:subProcess id="sub"><bpmn:multiInstanceLoopCharacteristics isSequential="true"><bpmn:loopCardinality>=2</bpmn:loopCardinality></bpmn:multiInstanceLoopCharacteristics>
        <bpmn:startEvent id="s" />${flow('s0', 's', 'b')}${compensable('b', '<bpmn:task id="b" />')}
        ${flow('s1', 'b', 'e')}<bpmn:endEvent id="e" />${compensationEventSubProcess('undoSub')}</bpmn:subProcess>
      ${flow('f1', 'sub', 'undoAll')}<bpmn:endEvent id="undoAll"><bpmn:compensateEventDefinition /></bpmn:endEvent>`);
    const driver = (await driverFor(model)).start();
    assert.equal(driver.state.status, 'completed');
    const tail = driver.ended.slice(-9).map((entry) => `${entry.element}${entry.instance ?? ''}`);
    assert.deepEqual(tail.slice(-1), ['undoAll']);
    assert.equal(tail.filter((entry) => entry.startsWith('undoSubNote')).length, 2);
    // One after another: the second run starts only once the first has ended.
    const run = ['undoSubStart', 'undoSubNote', 'undoSubEnd', 'undoSub'];
    assert.deepEqual(
      driver.ended.slice(-9).map((entry) => entry.element),
      [...run, ...run, 'undoAll'],
    );
    assert.ok(!driver.ended.some((entry) => entry.element === 'undob'));
  });

  it('runs the compensation event sub-processes of a parallel multi-instance sub-process in reverse order of completion, each with its own input element', async () => {
    // The instances complete b, c, a (neither index order nor its reverse); each compensation run is a job
    // whose variables carry the instance's input element, so the order of the undo jobs names the instances.
    const undo = `<bpmn:subProcess id="undoSub" triggeredByEvent="true">
      <bpmn:startEvent id="undoStart"><bpmn:compensateEventDefinition /></bpmn:startEvent>${flow('u0', 'undoStart', 'undoJob')}
      ${job('undoJob', 'undo')}${flow('u1', 'undoJob', 'undoEnd')}<bpmn:endEvent id="undoEnd" /></bpmn:subProcess>`;
    const model = process(`<bpmn:startEvent id="start" />${flow('f0', 'start', 'sub')}
      <bpmn:subProcess id="sub"><bpmn:multiInstanceLoopCharacteristics isSequential="false"><bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=[&quot;a&quot;, &quot;b&quot;, &quot;c&quot;]" inputElement="item" /></bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics>
        <bpmn:startEvent id="s" />${flow('s0', 's', 'work')}${job('work', 'work')}
        ${flow('s1', 'work', 'e')}<bpmn:endEvent id="e" />${undo}</bpmn:subProcess>
      ${flow('f1', 'sub', 'undoAll')}<bpmn:endEvent id="undoAll"><bpmn:compensateEventDefinition /></bpmn:endEvent>`);
    const driver = (await driverFor(model)).start();
    const work = new Map(driver.commandsOf('runJob').map((command) => [command.variables.item, command]));
    for (const item of ['b', 'c', 'a'])
      driver.send({ type: 'jobCompleted', elementInstance: work.get(item)?.elementInstance ?? '' });
    const undone: unknown[] = [];
    for (let step = 0; step < 3; step += 1) {
      const pending = driver.commandsOf('runJob').filter((command) => command.element === 'undoJob');
      // One after another: only the run started last is waiting.
      assert.equal(pending.length, step + 1);
      const current = pending[step];
      undone.push(current?.variables.item);
      driver.send({ type: 'jobCompleted', elementInstance: current?.elementInstance ?? '' });
    }
    assert.deepEqual(undone, ['a', 'c', 'b']);
    assert.equal(driver.state.status, 'completed');
    assert.deepEqual(
      driver.ended.slice(-1).map((entry) => entry.element),
      ['undoAll'],
    );
  });
});

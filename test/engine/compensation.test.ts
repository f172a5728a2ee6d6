import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compensable, flow, job } from '../support/flow-xml.js';
import { definitions } from '../support/models.js';
import { driverFor, run } from './harness.js';

const process = (body: string) =>
  definitions(
    `<bpmn:error id="err" errorCode="FULL" /><bpmn:process id="process" isExecutable="true">${body}</bpmn:process>`,
  );

const compensateEnd = (id: string, attributes = '') =>
  `<bpmn:endEvent id="${id}"><bpmn:compensateEventDefinition ${attributes} /></bpmn:endEvent>`;

describe('engine: compensation', () => {
  it('runs the handlers of completed activities in reverse order at a compensation end event', async () => {
    const model = process(`<bpmn:startEvent id="start" />${flow('f0', 'start', 'a')}
      ${compensable('a', '<bpmn:task id="a" />')}${flow('f1', 'a', 'b')}${compensable('b', '<bpmn:task id="b" />')}
      ${flow('f2', 'b', 'undoAll')}${compensateEnd('undoAll')}`);
    const result = await run(model);
    assert.equal(result.state, 'completed');
    assert.deepEqual(
      result.trace.map((entry) => entry.element),
      ['start', 'a', 'b', 'undob', 'undoa', 'undoAll'],
    );
  });

  it('gives a handler the variables as they were when its activity completed; its writes reach the scope', async () => {
    const script = (id: string, expression: string, result: string, extra = '') =>
      `<bpmn:scriptTask id="${id}"${extra}><bpmn:extensionElements><zeebe:script expression="${expression}" resultVariable="${result}" /></bpmn:extensionElements></bpmn:scriptTask>`;
    const model = process(`<bpmn:startEvent id="start" />${flow('f0', 'start', 'a')}
      ${compensable('a', script('a', '=price', 'booked'), script('undoa', '=price', 'refunded', ' isForCompensation="true"'))}
      ${flow('f1', 'a', 'raise')}${script('raise', '=price * 2', 'price')}${flow('f2', 'raise', 'undoAll')}${compensateEnd('undoAll')}`);
    const result = await run(model, {}, { variables: { price: 10 } });
    assert.equal(result.state, 'completed');
    assert.deepEqual(result.variables, { price: 20, booked: 10, refunded: 10 });
  });

  it('compensates only the activity a throw names, and each completed activity once', async () => {
    const model = process(`<bpmn:startEvent id="start" />${flow('f0', 'start', 'a')}
      ${compensable('a', '<bpmn:task id="a" />')}${flow('f1', 'a', 'b')}${compensable('b', '<bpmn:task id="b" />')}
      ${flow('f2', 'b', 'undoA')}<bpmn:intermediateThrowEvent id="undoA"><bpmn:compensateEventDefinition activityRef="a" /></bpmn:intermediateThrowEvent>
      ${flow('f3', 'undoA', 'again')}<bpmn:intermediateThrowEvent id="again"><bpmn:compensateEventDefinition activityRef="a" /></bpmn:intermediateThrowEvent>
      ${flow('f4', 'again', 'end')}<bpmn:endEvent id="end" />`);
    const result = await run(model);
    assert.deepEqual(
      result.trace.map((entry) => entry.element),
      ['start', 'a', 'b', 'undoa', 'undoA', 'again', 'end'],
    );
  });

  it('waits at the throw until a handler with a job has completed', async () => {
    const model = process(`<bpmn:startEvent id="start" />${flow('f0', 'start', 'a')}
      ${compensable('a', '<bpmn:task id="a" />', `<bpmn:serviceTask id="undoa" isForCompensation="true"><bpmn:extensionElements><zeebe:taskDefinition type="refund" /></bpmn:extensionElements></bpmn:serviceTask>`)}
      ${flow('f1', 'a', 'undoAll')}${compensateEnd('undoAll')}`);
    const driver = (await driverFor(model)).start();
    const [refund] = driver.commandsOf('runJob');
    assert.equal(refund?.element, 'undoa');
    assert.equal(driver.state.status, 'active');
    assert.ok(driver.instanceAt('undoAll'));
    driver.send({ type: 'jobCompleted', elementInstance: refund?.elementInstance ?? '' });
    assert.deepEqual(driver.completed().slice(-2), ['undoa', 'undoAll']);
    assert.equal(driver.state.status, 'completed');
  });

  it('runs the handlers one after another: the next starts only once the one waiting for a job has ended', async () => {
    const model =
      process(`<bpmn:startEvent id="start" />${flow('f0', 'start', 'a')}${compensable('a', '<bpmn:task id="a" />')}
      ${flow('f1', 'a', 'b')}${compensable('b', '<bpmn:task id="b" />', `<bpmn:serviceTask id="undob" isForCompensation="true"><bpmn:extensionElements><zeebe:taskDefinition type="refund" /></bpmn:extensionElements></bpmn:serviceTask>`)}
      ${flow('f2', 'b', 'undoAll')}${compensateEnd('undoAll')}`);
    const driver = (await driverFor(model)).start();
    const [refund] = driver.commandsOf('runJob');
    assert.equal(refund?.element, 'undob');
    assert.ok(!Object.values(driver.state.elementInstances).some((instance) => instance.element === 'undoa'));
    assert.ok(!driver.completed().includes('undoa'));
    driver.send({ type: 'jobCompleted', elementInstance: refund?.elementInstance ?? '' });
    assert.deepEqual(driver.completed().slice(-3), ['undob', 'undoa', 'undoAll']);
    assert.equal(driver.state.status, 'completed');
  });

  it('compensates what completed before an error, from an error event sub-process (a saga)', async () => {
    const model = process(`<bpmn:startEvent id="start" />${flow('f0', 'start', 'hotel')}
      ${compensable('hotel', job('hotel', 'book-hotel'))}${flow('f1', 'hotel', 'flight')}
      ${compensable('flight', job('flight', 'book-flight'))}${flow('f2', 'flight', 'end')}<bpmn:endEvent id="end" />
      <bpmn:subProcess id="onError" triggeredByEvent="true"><bpmn:startEvent id="failed"><bpmn:errorEventDefinition errorRef="err" /></bpmn:startEvent>
        ${flow('e0', 'failed', 'rollback')}${compensateEnd('rollback')}</bpmn:subProcess>`);
    const result = await run(model, { jobs: { 'book-flight': [{ error: { code: 'FULL' } }] } });
    assert.equal(result.state, 'completed');
    assert.deepEqual(
      result.trace.map((entry) => `${entry.element}${entry.event === 'completed' ? '' : `!${entry.event}`}`),
      ['start', 'hotel', 'flight!terminated', 'failed', 'undohotel', 'rollback', 'onError'],
    );
  });

  it('compensates each instance of a multi-instance activity, last completed first', async () => {
    const activity = `<bpmn:serviceTask id="a"><bpmn:extensionElements><zeebe:taskDefinition type="book" /></bpmn:extensionElements>
      <bpmn:multiInstanceLoopCharacteristics isSequential="true"><bpmn:loopCardinality>=3</bpmn:loopCardinality></bpmn:multiInstanceLoopCharacteristics></bpmn:serviceTask>`;
    const model =
      process(`<bpmn:startEvent id="start" />${flow('f0', 'start', 'a')}${compensable('a', activity)}
      ${flow('f1', 'a', 'undoAll')}${compensateEnd('undoAll')}`);
    const result = await run(model);
    assert.deepEqual(
      result.trace.map((entry) => `${entry.element}${entry.instance ?? ''}`),
      ['start', 'a0', 'a1', 'a2', 'a', 'undoa', 'undoa', 'undoa', 'undoAll'],
    );
  });

  it('hands the records of a completed sub-process to its parent scope', async () => {
    const model = process(`<bpmn:startEvent id="start" />${flow('f0', 'start', 'sub')}
      <bpmn:subProcess id="sub"><bpmn:startEvent id="s" />${flow('s0', 's', 'a')}${compensable('a', '<bpmn:task id="a" />')}
        ${flow('s1', 'a', 'e')}<bpmn:endEvent id="e" /></bpmn:subProcess>
      ${flow('f1', 'sub', 'undoAll')}${compensateEnd('undoAll')}`);
    const result = await run(model);
    assert.deepEqual(
      result.trace.slice(-2).map((entry) => entry.element),
      ['undoa', 'undoAll'],
    );
  });

  it('runs the compensation event sub-process of a compensated sub-process instead of its inner handlers', async () => {
    const model = process(`<bpmn:startEvent id="start" />${flow('f0', 'start', 'sub')}
      <bpmn:subProcess id="sub"><bpmn:startEvent id="s" />${flow('s0', 's', 'a')}${compensable('a', '<bpmn:task id="a" />')}
        ${flow('s1', 'a', 'e')}<bpmn:endEvent id="e" />
        <bpmn:subProcess id="undoSub" triggeredByEvent="true">
          <bpmn:startEvent id="cs"><bpmn:compensateEventDefinition /></bpmn:startEvent>${flow('c0', 'cs', 'note')}
          <bpmn:task id="note" />${flow('c1', 'note', 'ce')}<bpmn:endEvent id="ce" />
        </bpmn:subProcess></bpmn:subProcess>
      ${flow('f1', 'sub', 'undoAll')}${compensateEnd('undoAll')}`);
    const result = await run(model);
    assert.equal(result.state, 'completed');
    assert.deepEqual(
      result.trace.map((entry) => entry.element),
      ['start', 's', 'a', 'e', 'sub', 'cs', 'note', 'ce', 'undoSub', 'undoAll'],
    );
  });

  it('compensates what completed in the sub-process from a throw inside its compensation event sub-process', async () => {
    const model = process(`<bpmn:startEvent id="start" />${flow('f0', 'start', 'sub')}
      <bpmn:subProcess id="sub"><bpmn:startEvent id="s" />${flow('s0', 's', 'a')}${compensable('a', '<bpmn:task id="a" />')}
        ${flow('s1', 'a', 'e')}<bpmn:endEvent id="e" />
        <bpmn:subProcess id="undoSub" triggeredByEvent="true">
          <bpmn:startEvent id="cs"><bpmn:compensateEventDefinition /></bpmn:startEvent>${flow('c0', 'cs', 'note')}
          <bpmn:task id="note" />${flow('c1', 'note', 'inner')}${compensateEnd('inner')}
        </bpmn:subProcess></bpmn:subProcess>
      ${flow('f1', 'sub', 'undoAll')}${compensateEnd('undoAll')}`);
    const result = await run(model);
    assert.equal(result.state, 'completed');
    assert.deepEqual(
      result.trace.slice(-5).map((entry) => entry.element),
      ['note', 'undoa', 'inner', 'undoSub', 'undoAll'],
    );
  });
});

describe('engine: transactions and cancel events', () => {
  const transaction = (inside: string) =>
    process(`<bpmn:startEvent id="start" />${flow('f0', 'start', 'tx')}
      <bpmn:transaction id="tx"><bpmn:startEvent id="txStart" />${inside}</bpmn:transaction>
      ${flow('f1', 'tx', 'done')}<bpmn:endEvent id="done" />
      <bpmn:boundaryEvent id="txCancelled" attachedToRef="tx"><bpmn:cancelEventDefinition /></bpmn:boundaryEvent>
      ${flow('f2', 'txCancelled', 'rolledBack')}<bpmn:endEvent id="rolledBack" />`);

  it('completes a transaction like a sub-process when nothing cancels it', async () => {
    const result = await run(
      transaction(
        `${flow('t0', 'txStart', 'a')}${compensable('a', '<bpmn:task id="a" />')}${flow('t1', 'a', 'txEnd')}<bpmn:endEvent id="txEnd" />`,
      ),
    );
    assert.deepEqual(
      result.trace.map((entry) => entry.element),
      ['start', 'txStart', 'a', 'txEnd', 'tx', 'done'],
    );
  });

  it('at a cancel end event terminates what runs, compensates what completed in reverse order, then leaves by the cancel boundary', async () => {
    const inside = `${flow('t0', 'txStart', 'a')}${flow('t1', 'txStart', 'wait')}<bpmn:userTask id="wait" />${flow('t2', 'wait', 'txEnd')}<bpmn:endEvent id="txEnd" />
      ${compensable('a', '<bpmn:task id="a" />')}${flow('t3', 'a', 'b')}${compensable('b', '<bpmn:task id="b" />')}
      ${flow('t4', 'b', 'abort')}<bpmn:endEvent id="abort"><bpmn:cancelEventDefinition /></bpmn:endEvent>`;
    const driver = (await driverFor(transaction(inside))).start();
    assert.equal(driver.state.status, 'completed');
    assert.deepEqual(
      driver.ended.map((entry) => `${entry.element}${entry.event === 'completed' ? '' : `!${entry.event}`}`),
      [
        'start',
        'txStart',
        'a',
        'b',
        'abort',
        'wait!terminated',
        'undob',
        'undoa',
        'tx!terminated',
        'txCancelled',
        'rolledBack',
      ],
    );
    assert.deepEqual(
      driver.commandsOf('cancelWork').map((command) => command.element),
      ['wait'],
    );
  });
});

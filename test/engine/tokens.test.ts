import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { executableProcess, straightThrough } from '../support/models.js';
import { flow } from '../support/flow-xml.js';
import { apply } from '../../shared/engine/apply.js';
import type { Variables } from '../../shared/engine/state.js';
import { driverFor, elements, run, t0 } from './harness.js';

describe('engine: tokens and scopes', () => {
  it('runs start -> none task -> end straight through and completes', async () => {
    const driver = (await driverFor(straightThrough)).start();
    assert.deepEqual(driver.completed(), ['start', 'task', 'end']);
    assert.equal(driver.state.status, 'completed');
    assert.deepEqual(driver.commandsOf('end'), [{ kind: 'end', status: 'completed' }]);
  });

  it('splits implicitly in parallel when an activity has several unconditional outgoing flows', async () => {
    const driver = (
      await driverFor(
        executableProcess(`
          <bpmn:startEvent id="start" />${flow('f0', 'start', 'a')}
          <bpmn:task id="a" />${flow('f1', 'a', 'b')}${flow('f2', 'a', 'c')}
          <bpmn:userTask id="b" />${flow('f3', 'b', 'endB')}
          <bpmn:userTask id="c" />${flow('f4', 'c', 'endC')}
          <bpmn:endEvent id="endB" /><bpmn:endEvent id="endC" />`),
      )
    ).start();
    assert.deepEqual(
      driver.commandsOf('createUserTask').map((command) => command.element),
      ['b', 'c'],
    );
    driver.send({ type: 'userTaskCompleted', elementInstance: driver.instanceAt('b') });
    assert.equal(driver.state.status, 'active', 'one branch is still running');
    driver.send({ type: 'userTaskCompleted', elementInstance: driver.instanceAt('c') });
    assert.equal(driver.state.status, 'completed');
    assert.deepEqual(driver.completed(), ['start', 'a', 'b', 'endB', 'c', 'endC']);
  });

  it('takes every true conditional flow out of an activity and the default only when none is true', async () => {
    const model = executableProcess(`
      <bpmn:startEvent id="start" />${flow('f0', 'start', 'a')}
      <bpmn:task id="a" default="toD" />
      ${flow('toB', 'a', 'b', '=x &gt; 1')}${flow('toC', 'a', 'c', '=x &gt; 2')}${flow('toD', 'a', 'd')}
      <bpmn:endEvent id="b" /><bpmn:endEvent id="c" /><bpmn:endEvent id="d" />`);
    assert.deepEqual(elements(await run(model, {}, { variables: { x: 5 } })), ['start', 'a', 'b', 'c']);
    assert.deepEqual(elements(await run(model, {}, { variables: { x: 2 } })), ['start', 'a', 'b']);
    assert.deepEqual(elements(await run(model, {}, { variables: { x: 0 } })), ['start', 'a', 'd']);
  });

  it('merges uncontrolled: a task with two incoming flows runs once per arriving token', async () => {
    const result = await run(
      executableProcess(`
        <bpmn:startEvent id="start" />${flow('f0', 'start', 'fork')}
        <bpmn:parallelGateway id="fork" />${flow('f1', 'fork', 'merge')}${flow('f2', 'fork', 'merge')}
        <bpmn:task id="merge" />${flow('f3', 'merge', 'end')}
        <bpmn:endEvent id="end" />`),
    );
    assert.equal(result.state, 'completed');
    assert.deepEqual(elements(result), ['start', 'fork', 'merge', 'merge', 'end', 'end']);
  });

  it('starts an activity once its start quantity of tokens arrived and emits its completion quantity', async () => {
    const result = await run(
      executableProcess(`
        <bpmn:startEvent id="start" />${flow('f0', 'start', 'fork')}
        <bpmn:parallelGateway id="fork" />${flow('f1', 'fork', 'both')}${flow('f2', 'fork', 'both')}
        <bpmn:task id="both" startQuantity="2" completionQuantity="3" />${flow('f3', 'both', 'after')}
        <bpmn:endEvent id="after" />`),
    );
    assert.equal(result.state, 'completed');
    assert.deepEqual(elements(result), ['start', 'fork', 'both', 'after', 'after', 'after']);
  });

  it('completes only when the last token of the process has ended', async () => {
    const driver = (
      await driverFor(
        executableProcess(`
          <bpmn:startEvent id="start" />${flow('f1', 'start', 'quick')}${flow('f2', 'start', 'slow')}
          <bpmn:task id="quick" />${flow('f3', 'quick', 'quickEnd')}<bpmn:endEvent id="quickEnd" />
          <bpmn:userTask id="slow" />${flow('f4', 'slow', 'slowEnd')}<bpmn:endEvent id="slowEnd" />`),
      )
    ).start();
    assert.deepEqual(driver.completed(), ['start', 'quick', 'quickEnd']);
    assert.equal(driver.state.status, 'active');
    driver.send({ type: 'userTaskCompleted', elementInstance: driver.instanceAt('slow') });
    assert.equal(driver.state.status, 'completed');
  });

  it('keeps the state plain JSON and does not change the state it was given', async () => {
    const driver = (
      await driverFor(
        executableProcess(`
      <bpmn:startEvent id="start" />${flow('f1', 'start', 'wait')}<bpmn:userTask id="wait" />
      ${flow('f2', 'wait', 'end')}<bpmn:endEvent id="end" />`),
      )
    ).start({ n: 1 });
    const before = JSON.stringify(driver.state);
    const copy = JSON.parse(before) as typeof driver.state;
    assert.deepEqual(copy, driver.state);
    driver.send({
      type: 'userTaskCompleted',
      elementInstance: driver.instanceAt('wait'),
      variables: { n: 2 },
    });
    assert.equal(JSON.stringify(copy), before);
    assert.deepEqual(driver.variables(), { n: 2 });
  });

  it('copies the state it was given: nested variables, arrays and a variable named __proto__ stay its own', async () => {
    const driver = (
      await driverFor(
        executableProcess(`
      <bpmn:startEvent id="start" />${flow('f1', 'start', 'wait')}<bpmn:userTask id="wait" />
      ${flow('f2', 'wait', 'end')}<bpmn:endEvent id="end" />`),
      )
    ).start(JSON.parse('{"order":{"lines":[1,{"sku":"a"}]},"__proto__":{"polluted":true}}') as Variables);
    const given = driver.state;
    const before = JSON.stringify(given);
    const result = apply(driver.graph, given, { type: 'signalReceived', signalName: 'none' }, t0);
    assert.equal(JSON.stringify(result.state), before);
    const variables = result.state.scopes[result.state.rootScope]?.variables ?? {};
    assert.deepEqual(Object.keys(variables), ['order', '__proto__']);
    assert.equal(Object.getPrototypeOf(variables), Object.prototype);
    (variables.order as { lines: unknown[] }).lines.push(3);
    assert.equal(JSON.stringify(given), before);
  });

  it('stays unstarted when an event other than start arrives first, or the start event does not exist', async () => {
    const driver = await driverFor(straightThrough);
    driver.send({ type: 'jobCompleted', elementInstance: 'e1' });
    driver.send({ type: 'start', startEvent: 'no-such-event' });
    assert.equal(driver.state.status, 'active');
    assert.equal(driver.state.rootScope, '');
    assert.deepEqual(driver.commands, []);
    driver.start();
    assert.equal(driver.state.status, 'completed');
  });

  it('refuses a state that belongs to another graph', async () => {
    const driver = (await driverFor(straightThrough)).start();
    const other = { ...driver.graph, hash: 'other' };
    assert.throws(() => apply(other, driver.state, { type: 'cancel' }, t0), {
      code: 'engine.graph-mismatch',
    });
  });
});

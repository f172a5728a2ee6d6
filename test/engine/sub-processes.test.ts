import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { flow, job } from '../support/flow-xml.js';
import { executableProcess } from '../support/models.js';
import { driverFor, run } from './harness.js';

/** start -> sub (the given inside) -> after -> end. */
function around(inside: string, subAttributes = '', subExtensions = ''): string {
  return executableProcess(`<bpmn:startEvent id="start" />${flow('f0', 'start', 'sub')}
    <bpmn:subProcess id="sub" ${subAttributes}>${subExtensions}${inside}</bpmn:subProcess>
    ${flow('f1', 'sub', 'after')}<bpmn:task id="after" />${flow('f2', 'after', 'end')}<bpmn:endEvent id="end" />`);
}

const innerJob = `<bpmn:startEvent id="subStart" />${flow('s0', 'subStart', 'work')}${job('work', 'w')}
  ${flow('s1', 'work', 'subEnd')}<bpmn:endEvent id="subEnd" />`;

describe('engine: embedded sub-processes', () => {
  it('runs a sub-process in a child scope from its start event and leaves it when its last token ends', async () => {
    const driver = (await driverFor(around(innerJob))).start();
    const scopes = Object.values(driver.state.scopes);
    assert.equal(scopes.length, 2);
    const inner = scopes.find((scope) => scope.element === 'sub');
    assert.equal(inner?.parent, driver.state.rootScope);
    assert.equal(inner?.instance, driver.instanceAt('sub'));
    assert.equal(driver.state.elementInstances[driver.instanceAt('work')]?.scope, inner?.id);
    driver.send({ type: 'jobCompleted', elementInstance: driver.instanceAt('work') });
    assert.deepEqual(driver.completed(), ['start', 'subStart', 'work', 'subEnd', 'sub', 'after', 'end']);
    assert.equal(driver.state.status, 'completed');
    assert.deepEqual(Object.keys(driver.state.scopes), [driver.state.rootScope]);
  });

  it('completes a sub-process only when every inner branch has ended', async () => {
    const inside = `<bpmn:startEvent id="subStart" />${flow('s0', 'subStart', 'a')}${flow('s1', 'subStart', 'b')}
      ${job('a', 'a')}${job('b', 'b')}${flow('s2', 'a', 'endA')}${flow('s3', 'b', 'endB')}
      <bpmn:endEvent id="endA" /><bpmn:endEvent id="endB" />`;
    const driver = (await driverFor(around(inside))).start();
    driver.send({ type: 'jobCompleted', elementInstance: driver.instanceAt('a') });
    assert.ok(!driver.completed().includes('sub'));
    driver.send({ type: 'jobCompleted', elementInstance: driver.instanceAt('b') });
    assert.deepEqual(driver.completed().slice(-4), ['endB', 'sub', 'after', 'end']);
  });

  it('keeps input-mapped variables local to the sub-process and maps them out only through outputs', async () => {
    const io = `<bpmn:extensionElements><zeebe:ioMapping><zeebe:input source="=order.total" target="total" />
      <zeebe:output source="=total + fee" target="charged" /></zeebe:ioMapping></bpmn:extensionElements>`;
    const driver = (await driverFor(around(innerJob, '', io))).start({ order: { total: 10 } });
    const work = driver.commandsOf('runJob')[0];
    assert.deepEqual(work?.variables, { order: { total: 10 }, total: 10 });
    // `total` exists in the sub-process scope, so the job's write stays there; `fee` is new and goes to the root.
    driver.send({
      type: 'jobCompleted',
      elementInstance: driver.instanceAt('work'),
      variables: { total: 12, fee: 1 },
    });
    assert.equal(driver.state.status, 'completed');
    assert.deepEqual(driver.variables(), { order: { total: 10 }, fee: 1, charged: 13 });
  });

  it('runs nested sub-processes, each in its own scope', async () => {
    const inside = `<bpmn:startEvent id="outerStart" />${flow('o0', 'outerStart', 'nested')}
      <bpmn:subProcess id="nested">${innerJob}</bpmn:subProcess>${flow('o1', 'nested', 'outerEnd')}<bpmn:endEvent id="outerEnd" />`;
    const driver = (await driverFor(around(inside))).start();
    assert.deepEqual(
      Object.values(driver.state.scopes).map((scope) => scope.element),
      ['process', 'sub', 'nested'],
    );
    driver.send({ type: 'jobCompleted', elementInstance: driver.instanceAt('work') });
    assert.deepEqual(driver.completed().slice(-6), ['subEnd', 'nested', 'outerEnd', 'sub', 'after', 'end']);
  });

  it('ends only its own sub-process at a terminate end event inside it, and the process continues', async () => {
    const inside = `<bpmn:startEvent id="subStart" />${flow('s0', 'subStart', 'slow')}${flow('s1', 'subStart', 'stop')}
      ${job('slow', 'slow')}${flow('s2', 'slow', 'subEnd')}<bpmn:endEvent id="subEnd" />
      <bpmn:endEvent id="stop"><bpmn:terminateEventDefinition /></bpmn:endEvent>`;
    const result = await run(around(inside));
    assert.equal(result.state, 'completed');
    assert.deepEqual(
      result.trace.map((entry) => [entry.element, entry.event]),
      [
        ['start', 'completed'],
        ['subStart', 'completed'],
        ['stop', 'completed'],
        ['slow', 'terminated'],
        ['sub', 'completed'],
        ['after', 'completed'],
        ['end', 'completed'],
      ],
    );
  });

  it('cancels the inside of a sub-process before the sub-process itself', async () => {
    const driver = (await driverFor(around(innerJob))).start();
    const work = driver.instanceAt('work');
    driver.send({ type: 'cancel' });
    assert.deepEqual(
      driver.ended.slice(-2).map((entry) => [entry.element, entry.event]),
      [
        ['work', 'cancelled'],
        ['sub', 'cancelled'],
      ],
    );
    assert.deepEqual(driver.commandsOf('cancelWork'), [
      { kind: 'cancelWork', elementInstance: work, element: 'work' },
    ]);
    assert.deepEqual(driver.state.scopes, {
      [driver.state.rootScope]: driver.state.scopes[driver.state.rootScope],
    });
  });
});

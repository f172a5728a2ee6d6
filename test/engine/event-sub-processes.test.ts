import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { flow, job } from '../support/flow-xml.js';
import { definitions } from '../support/models.js';
import { driverFor } from './harness.js';

const later = '2000-01-01T01:00:00.000Z';
const declarations =
  '<bpmn:message id="m" name="update"><bpmn:extensionElements><zeebe:subscription correlationKey="=orderId" /></bpmn:extensionElements></bpmn:message>' +
  '<bpmn:signal id="sig" name="abort" />';

function model(body: string): string {
  return definitions(`<bpmn:process id="process" isExecutable="true">${body}</bpmn:process>${declarations}`);
}

/** An event sub-process `id` whose start event `<id>Start` has the definition, then a job `<id>Work`. */
function eventSubProcess(id: string, definition: string, interrupting = true): string {
  const attribute = interrupting ? '' : ' isInterrupting="false"';
  return `<bpmn:subProcess id="${id}" triggeredByEvent="true">
    <bpmn:startEvent id="${id}Start"${attribute}>${definition}</bpmn:startEvent>${flow(`${id}0`, `${id}Start`, `${id}Work`)}
    ${job(`${id}Work`, id)}${flow(`${id}1`, `${id}Work`, `${id}End`)}<bpmn:endEvent id="${id}End" /></bpmn:subProcess>`;
}

const mainPath = `<bpmn:startEvent id="start" />${flow('f0', 'start', 'review')}<bpmn:userTask id="review" />
  ${flow('f1', 'review', 'end')}<bpmn:endEvent id="end" />`;

const timer =
  '<bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition>';
const message = '<bpmn:messageEventDefinition messageRef="m" />';

describe('engine: timer, message and signal event sub-processes', () => {
  it('starts an interrupting timer event sub-process, ending the rest of the process', async () => {
    const driver = (await driverFor(model(`${mainPath}${eventSubProcess('late', timer)}`))).start();
    const [started] = driver.commandsOf('startTimer');
    assert.deepEqual(started, {
      kind: 'startTimer',
      timer: started?.timer,
      element: 'lateStart',
      due: later,
    });
    driver.send({ type: 'timerFired', timer: started?.timer ?? '' }, later);
    assert.deepEqual(driver.ended.map((entry) => `${entry.element}:${entry.event}`).slice(-2), [
      'review:terminated',
      'lateStart:completed',
    ]);
    driver.send({ type: 'jobCompleted', elementInstance: driver.instanceAt('lateWork') });
    assert.deepEqual(driver.completed().slice(-3), ['lateWork', 'lateEnd', 'late']);
    assert.equal(driver.state.status, 'completed');
  });

  it('runs a non-interrupting message event sub-process for every message, and withdraws it when the process ends', async () => {
    const driver = (
      await driverFor(model(`${mainPath}${eventSubProcess('onUpdate', message, false)}`))
    ).start({
      orderId: 'o-1',
    });
    const root = driver.state.rootScope;
    assert.deepEqual(driver.commandsOf('subscribeMessage'), [
      { kind: 'subscribeMessage', elementInstance: root, messageName: 'update', correlationKey: 'o-1' },
    ]);
    driver.send({
      type: 'messageReceived',
      messageName: 'update',
      correlationKey: 'o-1',
      variables: { n: 1 },
    });
    driver.send({
      type: 'messageReceived',
      messageName: 'update',
      correlationKey: 'o-1',
      variables: { n: 2 },
    });
    assert.equal(driver.commandsOf('runJob').length, 2);
    assert.equal(driver.variables().n, 2);
    driver.send({ type: 'userTaskCompleted', elementInstance: driver.instanceAt('review') });
    for (const command of driver.commandsOf('runJob')) {
      driver.send({ type: 'jobCompleted', elementInstance: command.elementInstance });
    }
    assert.equal(driver.state.status, 'completed');
    assert.deepEqual(driver.commandsOf('unsubscribeMessage'), [
      { kind: 'unsubscribeMessage', elementInstance: root, messageName: 'update' },
    ]);
  });

  it('listens for a sub-process event sub-process only while the sub-process runs, and continues after it', async () => {
    const bpmn = model(`<bpmn:startEvent id="start" />${flow('f0', 'start', 'sub')}
      <bpmn:subProcess id="sub"><bpmn:startEvent id="subStart" />${flow('s0', 'subStart', 'work')}${job('work', 'work')}
        ${flow('s1', 'work', 'subEnd')}<bpmn:endEvent id="subEnd" />
        ${eventSubProcess('aborted', '<bpmn:signalEventDefinition signalRef="sig" />')}</bpmn:subProcess>
      ${flow('f1', 'sub', 'after')}${job('after', 'after')}${flow('f2', 'after', 'end')}<bpmn:endEvent id="end" />`);
    const driver = (await driverFor(bpmn)).start();
    driver.send({ type: 'signalReceived', signalName: 'abort' });
    assert.deepEqual(driver.ended.map((entry) => `${entry.element}:${entry.event}`).slice(-2), [
      'work:terminated',
      'abortedStart:completed',
    ]);
    driver.send({ type: 'jobCompleted', elementInstance: driver.instanceAt('abortedWork') });
    assert.deepEqual(driver.completed().slice(-4), ['abortedWork', 'abortedEnd', 'aborted', 'sub']);
    const inner = Object.values(driver.state.scopes).filter((scope) => scope.id !== driver.state.rootScope);
    assert.deepEqual(inner, []);
    // Out of the sub-process, the signal reaches nothing.
    const before = JSON.stringify(driver.state);
    driver.send({ type: 'signalReceived', signalName: 'abort' });
    assert.equal(JSON.stringify(driver.state), before);
  });

  it('raises an incident on the scope when an event sub-process start cannot be subscribed, and subscribes on resolution', async () => {
    const driver = (
      await driverFor(model(`${mainPath}${eventSubProcess('onUpdate', message, false)}`))
    ).start();
    const [incident] = Object.values(driver.state.incidents);
    assert.equal(incident?.element, 'onUpdateStart');
    assert.equal(incident?.retry, 'subscribe');
    driver.send({ type: 'userTaskCompleted', elementInstance: driver.instanceAt('review') });
    assert.equal(driver.state.status, 'active');
    driver.send({ type: 'incidentResolved', incident: incident?.id ?? '', variables: { orderId: 'o-9' } });
    assert.deepEqual(driver.commandsOf('subscribeMessage')[0]?.correlationKey, 'o-9');
    assert.equal(driver.state.status, 'completed');
  });
  it('re-arms an unbounded non-interrupting timer-cycle start R/PT1H each time it fires', async () => {
    const cycle =
      '<bpmn:timerEventDefinition><bpmn:timeCycle>R/PT1H</bpmn:timeCycle></bpmn:timerEventDefinition>';
    const driver = (await driverFor(model(`${mainPath}${eventSubProcess('remind', cycle, false)}`))).start();
    for (const hour of ['01', '02', '03']) {
      const timers = driver.commandsOf('startTimer');
      const latest = timers[timers.length - 1];
      assert.equal(latest?.due, `2000-01-01T${hour}:00:00.000Z`);
      driver.send({ type: 'timerFired', timer: latest?.timer ?? '' }, latest?.due);
    }
    assert.equal(driver.commandsOf('runJob').length, 3);
    driver.send({ type: 'userTaskCompleted', elementInstance: driver.instanceAt('review') });
    for (const command of driver.commandsOf('runJob')) {
      driver.send({ type: 'jobCompleted', elementInstance: command.elementInstance });
    }
    assert.equal(driver.state.status, 'completed');
    const timers = driver.commandsOf('startTimer');
    assert.deepEqual(driver.commandsOf('cancelTimer'), [
      { kind: 'cancelTimer', timer: timers[timers.length - 1]?.timer },
    ]);
  });
  it('drops the incident of a sub-process whose event sub-process start failed when the sub-process is interrupted', async () => {
    const bpmn = model(`<bpmn:startEvent id="start" />${flow('f0', 'start', 'sub')}
      <bpmn:subProcess id="sub"><bpmn:startEvent id="subStart" />${flow('s0', 'subStart', 'work')}${job('work', 'work')}
        ${flow('s1', 'work', 'subEnd')}<bpmn:endEvent id="subEnd" />${eventSubProcess('onUpdate', message, false)}</bpmn:subProcess>
      ${flow('f1', 'sub', 'end')}<bpmn:endEvent id="end" />
      <bpmn:boundaryEvent id="stop" attachedToRef="sub"><bpmn:signalEventDefinition signalRef="sig" /></bpmn:boundaryEvent>
      ${flow('f2', 'stop', 'stopped')}<bpmn:endEvent id="stopped" />`);
    const driver = (await driverFor(bpmn)).start();
    assert.equal(Object.values(driver.state.incidents)[0]?.retry, 'subscribe');
    driver.send({ type: 'signalReceived', signalName: 'abort' });
    assert.deepEqual(driver.state.incidents, {});
    assert.equal(driver.state.status, 'completed');
  });
});

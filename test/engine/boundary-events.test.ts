import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { flow, job } from '../support/flow-xml.js';
import { definitions, executableProcess } from '../support/models.js';
import { driverFor, t0 } from './harness.js';

const later = '2000-01-01T01:00:00.000Z';

function boundary(id: string, attachedTo: string, definition: string, interrupting = true): string {
  const cancel = interrupting ? '' : ' cancelActivity="false"';
  return `<bpmn:boundaryEvent id="${id}" attachedToRef="${attachedTo}"${cancel}>${definition}</bpmn:boundaryEvent>`;
}

const timer = (duration: string) =>
  `<bpmn:timerEventDefinition><bpmn:timeDuration>${duration}</bpmn:timeDuration></bpmn:timerEventDefinition>`;

/** start -> review (user task) -> done, with the given boundary event `b` on review leading to `handled`. */
function onUserTask(boundaryEvent: string, extra = ''): string {
  return executableProcess(`<bpmn:startEvent id="start" />${flow('f0', 'start', 'review')}
    <bpmn:userTask id="review" />${flow('f1', 'review', 'done')}<bpmn:endEvent id="done" />
    ${boundaryEvent}${flow('f2', 'b', 'handled')}<bpmn:endEvent id="handled" />${extra}`);
}

describe('engine: timer, message and signal boundary events', () => {
  it('interrupts an activity when its timer boundary fires: the task is withdrawn, the token leaves from the boundary', async () => {
    const driver = (await driverFor(onUserTask(boundary('b', 'review', timer('PT1H'))))).start();
    const [started] = driver.commandsOf('startTimer');
    assert.deepEqual(started, { kind: 'startTimer', timer: started?.timer, element: 'b', due: later });
    const review = driver.instanceAt('review');
    driver.send({ type: 'timerFired', timer: started?.timer ?? '' }, later);
    assert.deepEqual(
      driver.ended.map((entry) => [entry.element, entry.event]),
      [
        ['start', 'completed'],
        ['review', 'terminated'],
        ['b', 'completed'],
        ['handled', 'completed'],
      ],
    );
    assert.deepEqual(driver.commandsOf('cancelWork'), [
      { kind: 'cancelWork', elementInstance: review, element: 'review' },
    ]);
    assert.equal(driver.state.status, 'completed');
  });

  it('withdraws the boundary timer when the activity completes first, and ignores the late firing', async () => {
    const driver = (await driverFor(onUserTask(boundary('b', 'review', timer('PT1H'))))).start();
    const timerId = driver.commandsOf('startTimer')[0]?.timer ?? '';
    driver.send({ type: 'userTaskCompleted', elementInstance: driver.instanceAt('review') });
    assert.deepEqual(driver.commandsOf('cancelTimer'), [{ kind: 'cancelTimer', timer: timerId }]);
    const before = JSON.stringify(driver.state);
    driver.send({ type: 'timerFired', timer: timerId }, later);
    assert.equal(JSON.stringify(driver.state), before);
    assert.deepEqual(driver.completed(), ['start', 'review', 'done']);
  });

  it('leaves a new token from a non-interrupting timer boundary while the activity runs on, once', async () => {
    const driver = (await driverFor(onUserTask(boundary('b', 'review', timer('PT1H'), false)))).start();
    const timerId = driver.commandsOf('startTimer')[0]?.timer ?? '';
    driver.send({ type: 'timerFired', timer: timerId }, later);
    assert.deepEqual(driver.completed(), ['start', 'b', 'handled']);
    assert.deepEqual(driver.state.elementInstances[driver.instanceAt('review')]?.boundaries, []);
    driver.send({ type: 'userTaskCompleted', elementInstance: driver.instanceAt('review') });
    assert.deepEqual(driver.completed(), ['start', 'b', 'handled', 'review', 'done']);
    assert.deepEqual(driver.commandsOf('cancelTimer'), []);
    assert.equal(driver.state.status, 'completed');
  });

  it('correlates a message boundary by name and key and carries its variables on', async () => {
    const model = definitions(`<bpmn:process id="process" isExecutable="true">
      <bpmn:startEvent id="start" />${flow('f0', 'start', 'review')}<bpmn:userTask id="review" />${flow('f1', 'review', 'done')}
      <bpmn:endEvent id="done" />${boundary('b', 'review', '<bpmn:messageEventDefinition messageRef="m" />')}
      ${flow('f2', 'b', 'handled')}<bpmn:endEvent id="handled" /></bpmn:process>
      <bpmn:message id="m" name="withdrawn"><bpmn:extensionElements><zeebe:subscription correlationKey="=orderId" /></bpmn:extensionElements></bpmn:message>`);
    const driver = (await driverFor(model)).start({ orderId: 'o-1' });
    const review = driver.instanceAt('review');
    assert.deepEqual(driver.commandsOf('subscribeMessage'), [
      { kind: 'subscribeMessage', elementInstance: review, messageName: 'withdrawn', correlationKey: 'o-1' },
    ]);
    driver.send({ type: 'messageReceived', messageName: 'withdrawn', correlationKey: 'o-2' });
    assert.deepEqual(driver.completed(), ['start']);
    driver.send({
      type: 'messageReceived',
      messageName: 'withdrawn',
      correlationKey: 'o-1',
      variables: { reason: 'r' },
    });
    assert.deepEqual(driver.completed(), ['start', 'b', 'handled']);
    assert.deepEqual(driver.variables(), { orderId: 'o-1', reason: 'r' });
    assert.equal(driver.state.status, 'completed');
  });

  it('fires a non-interrupting signal boundary every time the signal arrives while the activity runs', async () => {
    const signal = '<bpmn:signal id="sig" name="ping" />';
    const model = definitions(`<bpmn:process id="process" isExecutable="true">
      <bpmn:startEvent id="start" />${flow('f0', 'start', 'review')}<bpmn:userTask id="review" />${flow('f1', 'review', 'done')}
      <bpmn:endEvent id="done" />${boundary('b', 'review', '<bpmn:signalEventDefinition signalRef="sig" />', false)}
      ${flow('f2', 'b', 'handled')}<bpmn:endEvent id="handled" /></bpmn:process>${signal}`);
    const driver = (await driverFor(model)).start();
    driver.send({ type: 'signalReceived', signalName: 'ping' });
    driver.send({ type: 'signalReceived', signalName: 'ping' });
    assert.deepEqual(driver.completed(), ['start', 'b', 'handled', 'b', 'handled']);
    const review = driver.instanceAt('review');
    driver.send({ type: 'userTaskCompleted', elementInstance: review });
    assert.deepEqual(driver.commandsOf('unsubscribeSignal'), [
      { kind: 'unsubscribeSignal', elementInstance: review, signalName: 'ping' },
    ]);
    assert.equal(driver.state.status, 'completed');
  });

  it('interrupts a sub-process at a timer boundary, withdrawing the work inside it', async () => {
    const model = executableProcess(`<bpmn:startEvent id="start" />${flow('f0', 'start', 'sub')}
      <bpmn:subProcess id="sub"><bpmn:startEvent id="subStart" />${flow('s0', 'subStart', 'work')}${job('work', 'w')}
        ${flow('s1', 'work', 'subEnd')}<bpmn:endEvent id="subEnd" /></bpmn:subProcess>
      ${flow('f1', 'sub', 'done')}<bpmn:endEvent id="done" />
      ${boundary('b', 'sub', timer('PT1H'))}${flow('f2', 'b', 'handled')}<bpmn:endEvent id="handled" />`);
    const driver = (await driverFor(model)).start();
    const work = driver.instanceAt('work');
    driver.send({ type: 'timerFired', timer: driver.commandsOf('startTimer')[0]?.timer ?? '' }, later);
    assert.deepEqual(
      driver.ended.slice(-4).map((entry) => [entry.element, entry.event]),
      [
        ['work', 'terminated'],
        ['sub', 'terminated'],
        ['b', 'completed'],
        ['handled', 'completed'],
      ],
    );
    assert.deepEqual(driver.commandsOf('cancelWork'), [
      { kind: 'cancelWork', elementInstance: work, element: 'work' },
    ]);
    assert.deepEqual(Object.keys(driver.state.scopes), [driver.state.rootScope]);
    // The job answering late changes nothing.
    const before = JSON.stringify(driver.state);
    driver.send({ type: 'jobCompleted', elementInstance: work });
    assert.equal(JSON.stringify(driver.state), before);
  });

  it('raises an incident on the activity when a boundary timer expression fails, and retries it', async () => {
    const driver = (await driverFor(onUserTask(boundary('b', 'review', timer('=wait'))))).start({ wait: 5 });
    const [incident] = Object.values(driver.state.incidents);
    assert.equal(incident?.element, 'review');
    assert.equal(incident?.code, 'invalid-timer');
    assert.deepEqual(driver.commandsOf('createUserTask'), []);
    driver.send({ type: 'incidentResolved', incident: incident?.id ?? '', variables: { wait: 'PT2H' } });
    assert.equal(driver.commandsOf('startTimer')[0]?.due, '2000-01-01T02:00:00.000Z');
    assert.equal(driver.commandsOf('createUserTask').length, 1);
    assert.equal(driver.now, t0);
  });
  it('repeats a non-interrupting timer-cycle boundary R2/PT1H twice, an interval apart, then stops', async () => {
    const cycle =
      '<bpmn:timerEventDefinition><bpmn:timeCycle>R2/PT1H</bpmn:timeCycle></bpmn:timerEventDefinition>';
    const driver = (await driverFor(onUserTask(boundary('b', 'review', cycle, false)))).start();
    const first = driver.commandsOf('startTimer')[0];
    assert.equal(first?.due, later);
    driver.send({ type: 'timerFired', timer: first?.timer ?? '' }, later);
    const second = driver.commandsOf('startTimer')[1];
    assert.equal(second?.due, '2000-01-01T02:00:00.000Z');
    driver.send({ type: 'timerFired', timer: second?.timer ?? '' }, second?.due);
    assert.equal(driver.commandsOf('startTimer').length, 2);
    assert.deepEqual(driver.completed(), ['start', 'b', 'handled', 'b', 'handled']);
    assert.deepEqual(driver.state.elementInstances[driver.instanceAt('review')]?.boundaries, []);
  });

  it('stops a non-interrupting timer-cycle boundary R/PT1H/end at its end date', async () => {
    const cycle =
      '<bpmn:timerEventDefinition><bpmn:timeCycle>R/PT1H/2000-01-01T02:30:00Z</bpmn:timeCycle></bpmn:timerEventDefinition>';
    const driver = (await driverFor(onUserTask(boundary('b', 'review', cycle, false)))).start();
    const first = driver.commandsOf('startTimer')[0];
    driver.send({ type: 'timerFired', timer: first?.timer ?? '' }, later);
    const second = driver.commandsOf('startTimer')[1];
    assert.equal(second?.due, '2000-01-01T02:00:00.000Z');
    driver.send({ type: 'timerFired', timer: second?.timer ?? '' }, second?.due);
    assert.equal(driver.commandsOf('startTimer').length, 2, 'the 03:00 occurrence is after the end');
    assert.deepEqual(driver.state.elementInstances[driver.instanceAt('review')]?.boundaries, []);
  });
});

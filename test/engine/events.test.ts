import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { definitions, executableProcess } from '../support/models.js';
import { flow, timerCatch } from '../support/flow-xml.js';
import { driverFor, elements, run } from './harness.js';

describe('engine: events', () => {
  it('ends the instance as terminated at a terminate end event, terminating the other branches', async () => {
    const result = await run(
      executableProcess(`
        <bpmn:startEvent id="start" />${flow('f1', 'start', 'slow')}${flow('f2', 'start', 'stop')}
        <bpmn:userTask id="slow" />${flow('f3', 'slow', 'end')}<bpmn:endEvent id="end" />
        <bpmn:endEvent id="stop"><bpmn:terminateEventDefinition /></bpmn:endEvent>`),
    );
    assert.equal(result.state, 'terminated');
    assert.deepEqual(
      result.trace.map((entry) => [entry.element, entry.event]),
      [
        ['start', 'completed'],
        ['stop', 'completed'],
        ['slow', 'terminated'],
      ],
    );
  });

  it('terminates a waiting branch and withdraws its work', async () => {
    const driver = (
      await driverFor(
        executableProcess(`
          <bpmn:startEvent id="start" />${flow('f1', 'start', 'wait')}${flow('f2', 'start', 'gate')}
          <bpmn:userTask id="wait" />${flow('f4', 'wait', 'end')}<bpmn:endEvent id="end" />
          <bpmn:receiveTask id="gate" messageRef="m" />${flow('f3', 'gate', 'stop')}
          <bpmn:endEvent id="stop"><bpmn:terminateEventDefinition /></bpmn:endEvent>`).replace(
          '</bpmn:definitions>',
          '<bpmn:message id="m" name="go" /></bpmn:definitions>',
        ),
      )
    ).start();
    driver.send({ type: 'messageReceived', messageName: 'go' });
    assert.equal(driver.state.status, 'terminated');
    assert.deepEqual(
      driver.ended.map((entry) => [entry.element, entry.event]),
      [
        ['start', 'completed'],
        ['gate', 'completed'],
        ['stop', 'completed'],
        ['wait', 'terminated'],
      ],
    );
    assert.equal(driver.commandsOf('cancelWork')[0]?.element, 'wait');
  });

  it('waits at a timer duration until the timer fires and ignores a stale firing', async () => {
    const driver = (
      await driverFor(
        executableProcess(`<bpmn:startEvent id="start" />${flow('f0', 'start', 'pause')}
          ${timerCatch('pause', '<bpmn:timeDuration>PT1H30M</bpmn:timeDuration>')}${flow('f1', 'pause', 'end')}<bpmn:endEvent id="end" />`),
      )
    ).start();
    const [timer] = driver.commandsOf('startTimer');
    assert.equal(timer?.due, '2000-01-01T01:30:00.000Z');
    driver.send({ type: 'timerFired', timer: 'timer-unknown' });
    assert.equal(driver.state.status, 'active');
    driver.send({ type: 'timerFired', timer: timer.timer }, timer.due);
    assert.equal(driver.state.status, 'completed');
    assert.equal(driver.ended.at(-1)?.at, '2000-01-01T01:30:00.000Z');
  });

  it('computes timer dates with FEEL, whose now() is the engine time', async () => {
    const result = await run(
      executableProcess(`<bpmn:startEvent id="start" />${flow('f0', 'start', 'until')}
        ${timerCatch('until', '<bpmn:timeDate>=string(now() + duration("P2D"))</bpmn:timeDate>')}${flow('f1', 'until', 'end')}<bpmn:endEvent id="end" />`),
      { clock: { start: '2024-02-28T12:00:00Z' } },
    );
    assert.equal(result.state, 'completed');
    assert.equal(result.trace.at(-1)?.at, '2024-03-01T12:00:00.000Z');
  });

  it('reads a timer date without an offset as UTC, as the importer documents', async () => {
    const driver = (
      await driverFor(
        executableProcess(`<bpmn:startEvent id="start" />${flow('f0', 'start', 'until')}
          ${timerCatch('until', '<bpmn:timeDate>2000-01-02T08:00:00</bpmn:timeDate>')}${flow('f1', 'until', 'end')}<bpmn:endEvent id="end" />`),
      )
    ).start();
    assert.equal(driver.commandsOf('startTimer')[0]?.due, '2000-01-02T08:00:00.000Z');
  });

  it('raises an incident for a timer value that is not ISO 8601', async () => {
    const result = await run(
      executableProcess(`<bpmn:startEvent id="start" />${flow('f0', 'start', 'bad')}
        ${timerCatch('bad', '<bpmn:timeDuration>=delay</bpmn:timeDuration>')}${flow('f1', 'bad', 'end')}<bpmn:endEvent id="end" />`),
      {},
      { variables: { delay: 'five minutes' } },
    );
    assert.equal(result.state, 'incident');
    assert.equal(result.incidents[0]?.code, 'invalid-timer');
  });

  it('waits at a message catch event until its message arrives', async () => {
    const model = definitions(`
      <bpmn:message id="m" name="approved" />
      <bpmn:process id="p" isExecutable="true"><bpmn:startEvent id="start" />${flow('f0', 'start', 'catch')}
        <bpmn:intermediateCatchEvent id="catch"><bpmn:messageEventDefinition messageRef="m" /></bpmn:intermediateCatchEvent>
        ${flow('f1', 'catch', 'end')}<bpmn:endEvent id="end" /></bpmn:process>`);
    const waiting = await run(model);
    assert.equal(waiting.state, 'active');
    const delivered = await run(model, { messages: [{ name: 'approved', vars: { by: 'ann' } }] });
    assert.equal(delivered.state, 'completed');
    assert.deepEqual(delivered.variables, { by: 'ann' });
  });

  it('wakes every waiting signal catch when a signal is thrown', async () => {
    const result = await run(
      definitions(`
        <bpmn:signal id="s" name="go" />
        <bpmn:process id="p" isExecutable="true"><bpmn:startEvent id="start" />
          ${flow('f1', 'start', 'c1')}${flow('f2', 'start', 'c2')}${flow('f3', 'start', 'delay')}
          <bpmn:intermediateCatchEvent id="c1"><bpmn:signalEventDefinition signalRef="s" /></bpmn:intermediateCatchEvent>
          <bpmn:intermediateCatchEvent id="c2"><bpmn:signalEventDefinition signalRef="s" /></bpmn:intermediateCatchEvent>
          ${timerCatch('delay', '<bpmn:timeDuration>PT1M</bpmn:timeDuration>')}${flow('f4', 'delay', 'throw')}
          <bpmn:intermediateThrowEvent id="throw"><bpmn:signalEventDefinition signalRef="s" /></bpmn:intermediateThrowEvent>
          ${flow('f5', 'c1', 'end1')}${flow('f6', 'c2', 'end2')}${flow('f7', 'throw', 'end3')}
          <bpmn:endEvent id="end1" /><bpmn:endEvent id="end2" /><bpmn:endEvent id="end3" />
        </bpmn:process>`),
    );
    assert.equal(result.state, 'completed');
    assert.deepEqual(elements(result), ['start', 'delay', 'c1', 'c2', 'throw', 'end1', 'end2', 'end3']);
  });

  it('jumps from a link throw event to the link catch event of the same name', async () => {
    const result = await run(
      executableProcess(`<bpmn:startEvent id="start" />${flow('f0', 'start', 'jump')}
        <bpmn:intermediateThrowEvent id="jump"><bpmn:linkEventDefinition name="L" /></bpmn:intermediateThrowEvent>
        <bpmn:intermediateCatchEvent id="land"><bpmn:linkEventDefinition name="L" /></bpmn:intermediateCatchEvent>
        ${flow('f1', 'land', 'end')}<bpmn:endEvent id="end" />`),
    );
    assert.deepEqual(elements(result), ['start', 'jump', 'land', 'end']);
    assert.equal(result.state, 'completed');
  });

  it('passes a none intermediate throw event and publishes the message of a message end event', async () => {
    const driver = (
      await driverFor(
        definitions(`<bpmn:message id="m" name="done" />
          <bpmn:process id="p" isExecutable="true"><bpmn:startEvent id="start" />${flow('f0', 'start', 'mark')}
          <bpmn:intermediateThrowEvent id="mark" />${flow('f1', 'mark', 'notify')}
          <bpmn:endEvent id="notify"><bpmn:extensionElements><zeebe:ioMapping><zeebe:input source="=42" target="answer" /></zeebe:ioMapping></bpmn:extensionElements><bpmn:messageEventDefinition messageRef="m" /></bpmn:endEvent></bpmn:process>`),
      )
    ).start();
    assert.deepEqual(driver.completed(), ['start', 'mark', 'notify']);
    assert.deepEqual(driver.commandsOf('publishMessage'), [
      { kind: 'publishMessage', element: 'notify', messageName: 'done', variables: { answer: 42 } },
    ]);
    assert.equal(driver.state.status, 'completed');
  });

  it('fails the instance at an error end event nothing catches', async () => {
    const result = await run(
      definitions(`<bpmn:error id="e" errorCode="REJECTED" name="Rejected" />
        <bpmn:process id="p" isExecutable="true"><bpmn:startEvent id="start" />${flow('f0', 'start', 'boom')}
        <bpmn:endEvent id="boom"><bpmn:errorEventDefinition errorRef="e" /></bpmn:endEvent></bpmn:process>`),
    );
    assert.equal(result.state, 'failed');
    assert.equal(result.error?.code, 'REJECTED');
  });

  it('continues after an escalation nothing catches', async () => {
    const result = await run(
      definitions(`<bpmn:escalation id="esc" escalationCode="LATE" />
        <bpmn:process id="p" isExecutable="true"><bpmn:startEvent id="start" />${flow('f0', 'start', 'raise')}
        <bpmn:intermediateThrowEvent id="raise"><bpmn:escalationEventDefinition escalationRef="esc" /></bpmn:intermediateThrowEvent>
        ${flow('f1', 'raise', 'end')}<bpmn:endEvent id="end"><bpmn:escalationEventDefinition escalationRef="esc" /></bpmn:endEvent>
        </bpmn:process>`),
    );
    assert.equal(result.state, 'completed');
    assert.deepEqual(elements(result), ['start', 'raise', 'end']);
  });

  it('cancels a running instance: its waiting elements end as cancelled', async () => {
    const driver = (
      await driverFor(
        executableProcess(
          `<bpmn:startEvent id="start" />${flow('f0', 'start', 'u')}<bpmn:userTask id="u" />${flow('f1', 'u', 'end')}<bpmn:endEvent id="end" />`,
        ),
      )
    ).start();
    driver.send({ type: 'cancel' });
    assert.equal(driver.state.status, 'terminated');
    assert.deepEqual(driver.ended.at(-1), {
      element: 'u',
      type: 'bpmn:UserTask',
      event: 'cancelled',
      at: '2000-01-01T00:00:00.000Z',
    });
    const after = driver.state;
    driver.send({ type: 'userTaskCompleted', elementInstance: 'e2' });
    assert.deepEqual(driver.state, after, 'a closed instance accepts nothing');
  });
});

describe('engine: timer cycles on intermediate catch events', () => {
  const cycleCatch = (cycle: string) =>
    executableProcess(`<bpmn:startEvent id="start" />${flow('f0', 'start', 'wait')}
      ${timerCatch('wait', `<bpmn:timeCycle>${cycle}</bpmn:timeCycle>`)}${flow('f1', 'wait', 'end')}<bpmn:endEvent id="end" />`);

  it('waits for the first occurrence of the cycle only', async () => {
    const driver = (await driverFor(cycleCatch('R3/PT1H'))).start();
    const [timer, ...more] = driver.commandsOf('startTimer');
    assert.equal(timer?.due, '2000-01-01T01:00:00.000Z');
    assert.deepEqual(more, []);
    driver.send({ type: 'timerFired', timer: timer?.timer ?? '' }, timer?.due);
    assert.deepEqual(driver.completed(), ['start', 'wait', 'end']);
    assert.equal(driver.commandsOf('startTimer').length, 1, 'no second occurrence is scheduled');
  });

  it('waits until the start of a cycle with a start and an end date', async () => {
    const result = await run(cycleCatch('R/2000-01-02T00:00:00Z/PT1H/2000-01-03T00:00:00Z'));
    assert.equal(result.state, 'completed');
    assert.equal(result.trace.find((entry) => entry.element === 'wait')?.at, '2000-01-02T00:00:00.000Z');
  });

  it('raises an incident for a cycle that ends before its first occurrence', async () => {
    const driver = (await driverFor(cycleCatch('R/PT2H/2000-01-01T01:00:00Z'))).start();
    const [incident] = Object.values(driver.state.incidents);
    assert.equal(incident?.element, 'wait');
    assert.equal(incident?.code, 'invalid-timer');
    assert.deepEqual(driver.commandsOf('startTimer'), []);
  });
});

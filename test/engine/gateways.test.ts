import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { definitions, executableProcess } from '../support/models.js';
import { flow, timerCatch } from '../support/flow-xml.js';
import { driverFor, elements, run } from './harness.js';

const exclusive = executableProcess(`
  <bpmn:startEvent id="start" />${flow('f0', 'start', 'xor')}
  <bpmn:exclusiveGateway id="xor" default="toLow" />
  ${flow('toHigh', 'xor', 'high', '=amount &gt; 100')}${flow('toMid', 'xor', 'mid', '=amount &gt; 10')}${flow('toLow', 'xor', 'low')}
  <bpmn:endEvent id="high" /><bpmn:endEvent id="mid" /><bpmn:endEvent id="low" />`);

const exclusiveWithoutDefault = executableProcess(`
  <bpmn:startEvent id="start" />${flow('f0', 'start', 'xor')}
  <bpmn:exclusiveGateway id="xor" />
  ${flow('toYes', 'xor', 'yes', '=ok = true')}${flow('toNo', 'xor', 'no', '=ok = false')}
  <bpmn:endEvent id="yes" /><bpmn:endEvent id="no" />`);

describe('engine: exclusive gateway', () => {
  it('takes the first flow whose condition is true, in document order', async () => {
    assert.deepEqual(elements(await run(exclusive, {}, { variables: { amount: 500 } })), [
      'start',
      'xor',
      'high',
    ]);
    assert.deepEqual(elements(await run(exclusive, {}, { variables: { amount: 50 } })), [
      'start',
      'xor',
      'mid',
    ]);
  });

  it('takes the default flow when no condition is true', async () => {
    assert.deepEqual(elements(await run(exclusive, {}, { variables: { amount: 1 } })), [
      'start',
      'xor',
      'low',
    ]);
  });

  it('raises an incident when no condition is true and there is no default, and retries when resolved', async () => {
    const driver = (await driverFor(exclusiveWithoutDefault)).start();
    const [incident] = Object.values(driver.state.incidents);
    assert.equal(incident?.code, 'no-flow-taken');
    assert.equal(incident.element, 'xor');
    assert.deepEqual(driver.completed(), ['start']);
    driver.send({ type: 'incidentResolved', incident: incident.id, variables: { ok: false } });
    assert.deepEqual(driver.completed(), ['start', 'xor', 'no']);
    assert.equal(driver.state.status, 'completed');
  });

  it('raises an incident when a condition is not boolean', async () => {
    const result = await run(exclusiveWithoutDefault, {}, { variables: { ok: 'yes' } });
    assert.equal(result.state, 'incident');
    assert.deepEqual(
      result.incidents.map((incident) => incident.code),
      ['no-flow-taken'],
    );
    const bad = await run(
      executableProcess(`<bpmn:startEvent id="start" />${flow('f0', 'start', 'xor')}<bpmn:exclusiveGateway id="xor" default="f2" />
        ${flow('f1', 'xor', 'end', '=choice')}${flow('f2', 'xor', 'other')}<bpmn:endEvent id="end" /><bpmn:endEvent id="other" />`),
      {},
      { variables: { choice: 42 } },
    );
    assert.deepEqual(
      bad.incidents.map((incident) => incident.code),
      ['condition-not-boolean'],
    );
  });

  it('passes every token through when used as a merge', async () => {
    const result = await run(
      executableProcess(`
        <bpmn:startEvent id="start" />${flow('f0', 'start', 'fork')}
        <bpmn:parallelGateway id="fork" />${flow('f1', 'fork', 'merge')}${flow('f2', 'fork', 'merge')}
        <bpmn:exclusiveGateway id="merge" />${flow('f3', 'merge', 'end')}<bpmn:endEvent id="end" />`),
    );
    assert.deepEqual(elements(result), ['start', 'fork', 'merge', 'merge', 'end', 'end']);
  });
});

describe('engine: parallel gateway', () => {
  const model = executableProcess(`
    <bpmn:startEvent id="start" />${flow('f0', 'start', 'fork')}
    <bpmn:parallelGateway id="fork" />${flow('f1', 'fork', 'a')}${flow('f2', 'fork', 'b')}
    <bpmn:userTask id="a" />${flow('f3', 'a', 'join')}
    <bpmn:userTask id="b" />${flow('f4', 'b', 'join')}
    <bpmn:parallelGateway id="join" />${flow('f5', 'join', 'end')}<bpmn:endEvent id="end" />`);

  it('splits into every outgoing flow and joins once all branches arrived', async () => {
    const driver = (await driverFor(model)).start();
    assert.deepEqual(
      driver.commandsOf('createUserTask').map((command) => command.element),
      ['a', 'b'],
    );
    driver.send({ type: 'userTaskCompleted', elementInstance: driver.instanceAt('a') });
    assert.deepEqual(driver.completed(), ['start', 'fork', 'a']);
    assert.equal(Object.keys(driver.state.joins).length, 1, 'the first token waits at the join');
    driver.send({ type: 'userTaskCompleted', elementInstance: driver.instanceAt('b') });
    assert.deepEqual(driver.completed(), ['start', 'fork', 'a', 'b', 'join', 'end']);
    assert.equal(driver.state.status, 'completed');
  });

  it('stops a parallel branch at an incident while the other branch reaches the join', async () => {
    const result = await run(
      executableProcess(`
        <bpmn:startEvent id="start" />${flow('f0', 'start', 'fork')}
        <bpmn:parallelGateway id="fork" />${flow('f1', 'fork', 'a')}${flow('f2', 'fork', 'b')}
        <bpmn:task id="a" />${flow('f3', 'a', 'join')}
        ${timerCatch('b', '<bpmn:timeDuration>=delay</bpmn:timeDuration>')}
        ${flow('f4', 'b', 'join')}<bpmn:parallelGateway id="join" />${flow('f5', 'join', 'end')}<bpmn:endEvent id="end" />`),
      {},
      { variables: { delay: 'soon' } },
    );
    assert.equal(result.state, 'incident');
    assert.deepEqual(
      result.incidents.map((incident) => [incident.element, incident.code]),
      [['b', 'invalid-timer']],
    );
    assert.deepEqual(elements(result), ['start', 'fork', 'a']);
  });

  it('keeps waiting at a join whose other branch never arrives (no dead-path elimination)', async () => {
    const result = await run(
      executableProcess(`
        <bpmn:startEvent id="start" />${flow('f0', 'start', 'xor')}
        <bpmn:exclusiveGateway id="xor" default="f2" />${flow('f1', 'xor', 'join', '=false')}${flow('f2', 'xor', 'other')}
        <bpmn:task id="other" />${flow('f3', 'other', 'join')}
        <bpmn:parallelGateway id="join" />${flow('f4', 'join', 'end')}
        ${flow('f5', 'start', 'never')}<bpmn:task id="never" />${flow('f6', 'never', 'neverEnd')}<bpmn:endEvent id="neverEnd" />
        <bpmn:endEvent id="end" />`),
    );
    assert.equal(result.state, 'active');
    assert.equal(result.stopped, undefined);
    assert.ok(!elements(result).includes('join'));
  });
});

describe('engine: inclusive gateway', () => {
  const model = executableProcess(`
    <bpmn:startEvent id="start" />${flow('f0', 'start', 'split')}
    <bpmn:inclusiveGateway id="split" default="toC" />
    ${flow('toA', 'split', 'a', '=wantA')}${flow('toB', 'split', 'b', '=wantB')}${flow('toC', 'split', 'c')}
    <bpmn:userTask id="a" />${flow('fa', 'a', 'join')}
    <bpmn:userTask id="b" />${flow('fb', 'b', 'join')}
    <bpmn:task id="c" />${flow('fc', 'c', 'join')}
    <bpmn:inclusiveGateway id="join" />${flow('f9', 'join', 'end')}<bpmn:endEvent id="end" />`);

  it('activates every flow with a true condition and the join waits only for those', async () => {
    const driver = (await driverFor(model)).start({ wantA: true, wantB: true });
    assert.deepEqual(
      driver.commandsOf('createUserTask').map((command) => command.element),
      ['a', 'b'],
    );
    driver.send({ type: 'userTaskCompleted', elementInstance: driver.instanceAt('a') });
    assert.ok(!driver.completed().includes('join'), 'b can still reach the join');
    driver.send({ type: 'userTaskCompleted', elementInstance: driver.instanceAt('b') });
    assert.deepEqual(driver.completed(), ['start', 'split', 'a', 'b', 'join', 'end']);
  });

  it('fires the join at once when the other branches were not activated', async () => {
    const driver = (await driverFor(model)).start({ wantA: true, wantB: false });
    driver.send({ type: 'userTaskCompleted', elementInstance: driver.instanceAt('a') });
    assert.deepEqual(driver.completed(), ['start', 'split', 'a', 'join', 'end']);
    assert.equal(driver.state.status, 'completed');
  });

  it('takes the default flow when no condition is true', async () => {
    const result = await run(model, {}, { variables: { wantA: false, wantB: false } });
    assert.deepEqual(elements(result), ['start', 'split', 'c', 'join', 'end']);
  });

  it('waits for a token that is still upstream of an empty incoming flow', async () => {
    const driver = (
      await driverFor(
        executableProcess(`
          <bpmn:startEvent id="start" />${flow('f0', 'start', 'fork')}
          <bpmn:parallelGateway id="fork" />${flow('f1', 'fork', 'direct')}${flow('f2', 'fork', 'first')}
          <bpmn:task id="direct" />${flow('f3', 'direct', 'join')}
          <bpmn:userTask id="first" />${flow('f4', 'first', 'second')}
          <bpmn:userTask id="second" />${flow('f5', 'second', 'join')}
          <bpmn:inclusiveGateway id="join" />${flow('f6', 'join', 'end')}<bpmn:endEvent id="end" />`),
      )
    ).start();
    driver.send({ type: 'userTaskCompleted', elementInstance: driver.instanceAt('first') });
    assert.ok(!driver.completed().includes('join'), 'the token at second can still arrive');
    driver.send({ type: 'userTaskCompleted', elementInstance: driver.instanceAt('second') });
    assert.deepEqual(driver.completed().slice(-2), ['join', 'end']);
    assert.equal(driver.ended.filter((entry) => entry.element === 'join').length, 1);
  });
  it('waits for a token that could still leave an activity through a boundary event', async () => {
    const driver = (
      await driverFor(
        executableProcess(`
          <bpmn:startEvent id="start" />${flow('f0', 'start', 'fork')}
          <bpmn:parallelGateway id="fork" />${flow('f1', 'fork', 'direct')}${flow('f2', 'fork', 'wait')}
          <bpmn:task id="direct" />${flow('f3', 'direct', 'join')}
          <bpmn:userTask id="wait" />${flow('f4', 'wait', 'waitEnd')}<bpmn:endEvent id="waitEnd" />
          <bpmn:boundaryEvent id="late" attachedToRef="wait" cancelActivity="false"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
          ${flow('f5', 'late', 'join')}
          <bpmn:inclusiveGateway id="join" />${flow('f6', 'join', 'end')}<bpmn:endEvent id="end" />`),
      )
    ).start();
    assert.ok(!driver.completed().includes('join'), 'the boundary event of wait can still send a token');
    driver.send({ type: 'userTaskCompleted', elementInstance: driver.instanceAt('wait') });
    assert.deepEqual(driver.completed().slice(-3), ['waitEnd', 'join', 'end']);
    assert.equal(driver.state.status, 'completed');
  });
});

describe('engine: event-based gateway', () => {
  const model = definitions(`<bpmn:message id="m" name="reply" />
    <bpmn:process id="p" isExecutable="true"><bpmn:startEvent id="start" />${flow('f0', 'start', 'race')}
      <bpmn:eventBasedGateway id="race" />${flow('f1', 'race', 'reply')}${flow('f2', 'race', 'timeout')}
      <bpmn:intermediateCatchEvent id="reply"><bpmn:messageEventDefinition messageRef="m" /></bpmn:intermediateCatchEvent>
      <bpmn:intermediateCatchEvent id="timeout"><bpmn:timerEventDefinition><bpmn:timeDuration>PT10M</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
      ${flow('f3', 'reply', 'answered')}${flow('f4', 'timeout', 'late')}
      <bpmn:endEvent id="answered" /><bpmn:endEvent id="late" /></bpmn:process>`);

  it('waits for every alternative and follows the first event, withdrawing the others', async () => {
    const driver = (await driverFor(model)).start();
    assert.equal(driver.commandsOf('subscribeMessage').length, 1);
    const [timer] = driver.commandsOf('startTimer');
    driver.send({ type: 'messageReceived', messageName: 'reply', variables: { text: 'hi' } });
    assert.deepEqual(driver.completed(), ['start', 'race', 'reply', 'answered']);
    assert.deepEqual(driver.commandsOf('cancelTimer'), [{ kind: 'cancelTimer', timer: timer?.timer }]);
    assert.deepEqual(driver.variables(), { text: 'hi' });
    const after = driver.state;
    driver.send({ type: 'timerFired', timer: timer?.timer ?? '' });
    assert.deepEqual(driver.state, after, 'the withdrawn timer firing late changes nothing');
  });

  it('follows the timer when it fires first', async () => {
    const result = await run(model);
    assert.deepEqual(elements(result), ['start', 'race', 'timeout', 'late']);
    assert.equal(result.trace.at(-1)?.at, '2000-01-01T00:10:00.000Z');
  });
});

describe('engine: parallel and instantiating event-based gateways', () => {
  const gatewayModel = (type: 'Exclusive' | 'Parallel') =>
    definitions(`<bpmn:message id="ma" name="a" /><bpmn:message id="mb" name="b" />
    <bpmn:process id="p" isExecutable="true">
      <bpmn:eventBasedGateway id="gw" instantiate="true" eventGatewayType="${type}" />
      ${flow('f1', 'gw', 'catchA')}${flow('f2', 'gw', 'catchB')}
      <bpmn:intermediateCatchEvent id="catchA"><bpmn:messageEventDefinition messageRef="ma" /></bpmn:intermediateCatchEvent>
      <bpmn:intermediateCatchEvent id="catchB"><bpmn:messageEventDefinition messageRef="mb" /></bpmn:intermediateCatchEvent>
      ${flow('f3', 'catchA', 'endA')}${flow('f4', 'catchB', 'endB')}
      <bpmn:endEvent id="endA" /><bpmn:endEvent id="endB" /></bpmn:process>`);

  it('starts an instance at the alternative of an instantiating gateway whose event came, withdrawing the others', async () => {
    const driver = await driverFor(gatewayModel('Exclusive'));
    driver.send({ type: 'start', startEvent: 'catchA', variables: { order: 7 } });
    assert.deepEqual(driver.completed(), ['gw', 'catchA', 'endA']);
    assert.equal(driver.state.status, 'completed');
    assert.deepEqual(
      driver.commandsOf('unsubscribeMessage').map((command) => command.messageName),
      ['b'],
    );
    assert.deepEqual(driver.variables(), { order: 7 });
  });

  it('follows every alternative of a Parallel gateway once and completes it after the last', async () => {
    const driver = await driverFor(gatewayModel('Parallel'));
    driver.send({ type: 'start', startEvent: 'catchB', variables: {} });
    assert.deepEqual(driver.completed(), ['catchB', 'endB']);
    assert.equal(driver.state.status, 'active', 'the gateway still waits for a');
    assert.deepEqual(driver.commandsOf('unsubscribeMessage'), []);
    driver.send({ type: 'messageReceived', messageName: 'b' });
    assert.deepEqual(driver.completed(), ['catchB', 'endB'], 'b already came: nothing waits for it');
    driver.send({ type: 'messageReceived', messageName: 'a', variables: { late: true } });
    assert.deepEqual(driver.completed(), ['catchB', 'endB', 'gw', 'catchA', 'endA']);
    assert.equal(driver.state.status, 'completed');
  });

  it('starts a process at an instantiating Parallel gateway for a scenario message and routes the next one to it', async () => {
    const result = await run(gatewayModel('Parallel'), { messages: [{ name: 'a' }, { name: 'b' }] });
    assert.equal(result.state, 'completed');
    assert.deepEqual(elements(result), ['catchA', 'endA', 'gw', 'catchB', 'endB']);
  });
});

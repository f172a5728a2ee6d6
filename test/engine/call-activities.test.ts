import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { flow, job, timerCatch } from '../support/flow-xml.js';
import { definitions } from '../support/models.js';
import { driverFor, run } from './harness.js';

/** A parent process calling `child` from `call` (with the given attributes and extensions), and the child. */
function parentAndChild(callExtensions: string, childBody: string, extra = '', callAttributes = ''): string {
  return definitions(`<bpmn:process id="parent" isExecutable="true">
    <bpmn:startEvent id="start" />${flow('f0', 'start', 'call')}
    <bpmn:callActivity id="call" ${callAttributes}><bpmn:extensionElements>${callExtensions}</bpmn:extensionElements></bpmn:callActivity>
    ${flow('f1', 'call', 'end')}<bpmn:endEvent id="end" />${extra}
  </bpmn:process>
  <bpmn:process id="child" isExecutable="true">
    <bpmn:startEvent id="childStart" />${flow('c0', 'childStart', 'childWork')}${childBody}
    ${flow('c1', 'childWork', 'childEnd')}<bpmn:endEvent id="childEnd" />
  </bpmn:process><bpmn:error id="err" errorCode="NOPE" />`);
}

const zeebeCall = (attributes = '') => `<zeebe:calledElement processId="child" ${attributes} />`;
const childJob = job('childWork', 'child-work');

describe('engine: call activities', () => {
  it('emits startCall with the visible variables and leaves with the called process variables', async () => {
    const driver = (await driverFor(parentAndChild(zeebeCall(), childJob))).start({ order: 7 });
    const [command] = driver.commandsOf('startCall');
    assert.deepEqual(command, {
      kind: 'startCall',
      elementInstance: driver.instanceAt('call'),
      element: 'call',
      processId: 'child',
      variables: { order: 7 },
    });
    driver.send({
      type: 'callCompleted',
      elementInstance: command?.elementInstance ?? '',
      variables: { order: 7, paid: true },
    });
    assert.equal(driver.state.status, 'completed');
    assert.deepEqual(driver.variables(), { order: 7, paid: true });
  });

  it('runs the called process of the same model and continues when it completes', async () => {
    const result = await run(
      parentAndChild(zeebeCall(), childJob),
      { jobs: { 'child-work': [{ complete: { vars: { paid: true } } }] } },
      { process: 'parent', variables: { order: 7 } },
    );
    assert.equal(result.state, 'completed');
    assert.deepEqual(
      result.trace.map((entry) => `${entry.process}:${entry.element}`),
      ['parent:start', 'child:childStart', 'child:childWork', 'child:childEnd', 'parent:call', 'parent:end'],
    );
    assert.deepEqual(result.variables, { order: 7, paid: true });
  });

  it('passes only mapped variables when propagation is off, and maps outputs back', async () => {
    const io = `<zeebe:ioMapping><zeebe:input source="=order" target="id" /><zeebe:output source="=paid" target="orderPaid" /></zeebe:ioMapping>`;
    const model = parentAndChild(zeebeCall('propagateAllParentVariables="false"') + io, childJob);
    const driver = (await driverFor(model)).start({ order: 7, secret: 's' });
    const [command] = driver.commandsOf('startCall');
    assert.deepEqual(command?.variables, { id: 7 });
    driver.send({
      type: 'callCompleted',
      elementInstance: command?.elementInstance ?? '',
      variables: { id: 7, paid: true },
    });
    assert.deepEqual(driver.variables(), { order: 7, secret: 's', orderPaid: true });
  });

  it('applies Camunda 7 camunda:in and camunda:out bindings', async () => {
    const bindings = `<camunda:in source="order" target="id" /><camunda:out source="paid" target="orderPaid" />`;
    const result = await run(
      parentAndChild(bindings, childJob, '', 'calledElement="child"'),
      { jobs: { 'child-work': [{ complete: { vars: { paid: 'yes' } } }] } },
      { process: 'parent', variables: { order: 7, secret: 's' } },
    );
    assert.equal(result.state, 'completed');
    assert.deepEqual(result.variables, { order: 7, secret: 's', orderPaid: 'yes' });
  });

  it('sends an uncaught error of the called process to the error boundary of the call activity', async () => {
    const boundary = `<bpmn:boundaryEvent id="caught" attachedToRef="call"><bpmn:errorEventDefinition errorRef="err" /></bpmn:boundaryEvent>
      ${flow('f2', 'caught', 'caughtEnd')}<bpmn:endEvent id="caughtEnd" />`;
    const result = await run(
      parentAndChild(zeebeCall(), childJob, boundary),
      { jobs: { 'child-work': [{ error: { code: 'NOPE' } }] } },
      { process: 'parent' },
    );
    assert.equal(result.state, 'completed');
    assert.deepEqual(
      result.trace.map((entry) => `${entry.process}:${entry.element}:${entry.event}`).slice(-4),
      ['child:childWork', 'parent:call', 'parent:caught', 'parent:caughtEnd'].map(
        (name, index) => `${name}:${index === 0 || index === 1 ? 'terminated' : 'completed'}`,
      ),
    );
  });

  it('fails the caller with the called process error when nothing catches it', async () => {
    const result = await run(
      parentAndChild(zeebeCall(), childJob),
      { jobs: { 'child-work': [{ error: { code: 'NOPE', message: 'no' } }] } },
      { process: 'parent' },
    );
    assert.equal(result.state, 'failed');
    assert.deepEqual(result.error, { code: 'NOPE', message: 'no' });
  });

  it('cancels the called process when an interrupting boundary event ends the call activity', async () => {
    const boundary = `<bpmn:boundaryEvent id="late" attachedToRef="call"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
      ${flow('f2', 'late', 'lateEnd')}<bpmn:endEvent id="lateEnd" />`;
    const childWait = timerCatch('childWork', '<bpmn:timeDuration>PT2H</bpmn:timeDuration>');
    const model = parentAndChild(zeebeCall(), childWait, boundary);
    const driver = (await driverFor(model)).start();
    driver.send({ type: 'timerFired', timer: driver.commandsOf('startTimer')[0]?.timer ?? '' });
    assert.deepEqual(driver.commandsOf('cancelCall'), [
      {
        kind: 'cancelCall',
        elementInstance: driver.commandsOf('startCall')[0]?.elementInstance,
        element: 'call',
      },
    ]);
    const result = await run(model, {}, { process: 'parent' });
    assert.equal(result.state, 'completed');
    assert.deepEqual(
      result.trace.map((entry) => `${entry.process}:${entry.element}:${entry.event}`).slice(-4),
      // The parent moves on in its step; the called instance is cancelled in the next one.
      [
        'parent:call:terminated',
        'parent:late:completed',
        'parent:lateEnd:completed',
        'child:childWork:cancelled',
      ],
    );
  });

  it('raises call-failed when the called process is not in the model, and retries the call when resolved', async () => {
    const model = parentAndChild('<zeebe:calledElement processId="missing" />', childJob);
    const result = await run(model, {}, { process: 'parent' });
    assert.equal(result.state, 'incident');
    assert.equal(result.incidents[0]?.code, 'call-failed');
    assert.match(result.incidents[0]?.message ?? '', /no executable process "missing"/);
    const driver = (await driverFor(model)).start();
    const call = driver.instanceAt('call');
    driver.send({ type: 'callFailed', elementInstance: call, message: 'gone' });
    const [incident] = Object.values(driver.state.incidents);
    driver.send({ type: 'incidentResolved', incident: incident?.id ?? '' });
    assert.equal(driver.commandsOf('startCall').length, 2);
  });

  it('cancels the called process when the calling instance is cancelled', async () => {
    const driver = (await driverFor(parentAndChild(zeebeCall(), childJob))).start();
    driver.send({ type: 'cancel' });
    assert.equal(driver.commandsOf('cancelCall').length, 1);
    assert.equal(driver.state.status, 'terminated');
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { flow, job } from '../support/flow-xml.js';
import { definitions } from '../support/models.js';
import { driverFor, run } from './harness.js';

const errors =
  '<bpmn:error id="noFunds" errorCode="NO_FUNDS" /><bpmn:error id="fraud" errorCode="FRAUD" />' +
  '<bpmn:escalation id="late" escalationCode="LATE" />';

function model(body: string): string {
  return definitions(`<bpmn:process id="process" isExecutable="true">${body}</bpmn:process>${errors}`);
}

function boundary(id: string, attachedTo: string, definition: string, interrupting = true): string {
  const cancel = interrupting ? '' : ' cancelActivity="false"';
  return `<bpmn:boundaryEvent id="${id}" attachedToRef="${attachedTo}"${cancel}>${definition}</bpmn:boundaryEvent>`;
}

const errorCatch = (ref?: string) => `<bpmn:errorEventDefinition${ref ? ` errorRef="${ref}"` : ''} />`;
const escalationCatch = (ref?: string) =>
  `<bpmn:escalationEventDefinition${ref ? ` escalationRef="${ref}"` : ''} />`;

const events = (result: { trace: readonly { element: string; event: string }[] }) =>
  result.trace.map((entry) => `${entry.element}:${entry.event}`);

/** start -> pay (job) -> end, with the given boundary events on pay, each leading to its own end `<id>End`. */
function payWith(...boundaries: [string, string][]): string {
  return model(`<bpmn:startEvent id="start" />${flow('f0', 'start', 'pay')}${job('pay', 'pay')}
    ${flow('f1', 'pay', 'end')}<bpmn:endEvent id="end" />
    ${boundaries
      .map(
        ([id, definition]) =>
          `${boundary(id, 'pay', definition)}${flow(`to_${id}`, id, `${id}End`)}<bpmn:endEvent id="${id}End" />`,
      )
      .join('')}`);
}

/** A sub-process whose inside throws from an end event next to a waiting job; boundaries on the sub-process. */
function throwingSubProcess(throwDefinition: string, boundaries: string, extraInside = ''): string {
  return model(`<bpmn:startEvent id="start" />${flow('f0', 'start', 'sub')}
    <bpmn:subProcess id="sub"><bpmn:startEvent id="subStart" />${flow('s0', 'subStart', 'work')}${flow('s1', 'subStart', 'throw')}
      ${job('work', 'work')}${flow('s2', 'work', 'subEnd')}<bpmn:endEvent id="subEnd" />
      <bpmn:endEvent id="throw">${throwDefinition}</bpmn:endEvent>${extraInside}</bpmn:subProcess>
    ${flow('f1', 'sub', 'end')}<bpmn:endEvent id="end" />${boundaries}`);
}

describe('engine: errors and escalations', () => {
  it('catches a job error at an error boundary with its code, not at one for another code', async () => {
    const result = await run(payWith(['other', errorCatch('fraud')], ['caught', errorCatch('noFunds')]), {
      jobs: { pay: [{ error: { code: 'NO_FUNDS' } }] },
    });
    assert.equal(result.state, 'completed');
    assert.deepEqual(events(result), [
      'start:completed',
      'pay:terminated',
      'caught:completed',
      'caughtEnd:completed',
    ]);
  });

  it('prefers an error boundary naming the code over a catch-all, and uses the catch-all for other codes', async () => {
    const bpmn = payWith(['any', errorCatch()], ['specific', errorCatch('noFunds')]);
    const specific = await run(bpmn, { jobs: { pay: [{ error: { code: 'NO_FUNDS' } }] } });
    assert.ok(events(specific).includes('specific:completed'));
    const other = await run(bpmn, { jobs: { pay: [{ error: { code: 'SOMETHING' } }] } });
    assert.ok(events(other).includes('any:completed'));
  });

  it('does not withdraw a job whose error was caught (it is over already)', async () => {
    const driver = (await driverFor(payWith(['caught', errorCatch()]))).start();
    driver.send({ type: 'jobError', elementInstance: driver.instanceAt('pay'), code: 'X' });
    assert.deepEqual(driver.commandsOf('cancelWork'), []);
    assert.equal(driver.state.status, 'completed');
  });

  it('catches an error end event inside a sub-process at the sub-process boundary, terminating its other branch', async () => {
    const result = await run(
      throwingSubProcess(
        errorCatch('noFunds'),
        `${boundary('caught', 'sub', errorCatch('noFunds'))}
        ${flow('f2', 'caught', 'handled')}<bpmn:endEvent id="handled" />`,
      ),
    );
    assert.equal(result.state, 'completed');
    assert.deepEqual(events(result), [
      'start:completed',
      'subStart:completed',
      'throw:completed',
      'work:terminated',
      'sub:terminated',
      'caught:completed',
      'handled:completed',
    ]);
  });

  it('propagates an error through nested sub-processes to the first scope that catches its code', async () => {
    const bpmn = model(`<bpmn:startEvent id="start" />${flow('f0', 'start', 'outer')}
      <bpmn:subProcess id="outer"><bpmn:startEvent id="outerStart" />${flow('o0', 'outerStart', 'inner')}
        <bpmn:subProcess id="inner"><bpmn:startEvent id="innerStart" />${flow('i0', 'innerStart', 'pay')}${job('pay', 'pay')}
          ${flow('i1', 'pay', 'innerEnd')}<bpmn:endEvent id="innerEnd" /></bpmn:subProcess>
        ${flow('o1', 'inner', 'outerEnd')}<bpmn:endEvent id="outerEnd" />
        ${boundary('innerFraud', 'inner', errorCatch('fraud'))}${flow('o2', 'innerFraud', 'fraudEnd')}<bpmn:endEvent id="fraudEnd" />
      </bpmn:subProcess>${flow('f1', 'outer', 'end')}<bpmn:endEvent id="end" />
      ${boundary('outerCaught', 'outer', errorCatch('noFunds'))}${flow('f2', 'outerCaught', 'handled')}<bpmn:endEvent id="handled" />`);
    const result = await run(bpmn, { jobs: { pay: [{ error: { code: 'NO_FUNDS' } }] } });
    assert.equal(result.state, 'completed');
    assert.deepEqual(events(result).slice(-5), [
      'pay:terminated',
      'inner:terminated',
      'outer:terminated',
      'outerCaught:completed',
      'handled:completed',
    ]);
  });

  it('fails the instance with the code of an error nothing catches, from inside a sub-process', async () => {
    const result = await run(
      throwingSubProcess(
        errorCatch('fraud'),
        `${boundary('caught', 'sub', errorCatch('noFunds'))}
        ${flow('f2', 'caught', 'handled')}<bpmn:endEvent id="handled" />`,
      ),
    );
    assert.equal(result.state, 'failed');
    assert.deepEqual(result.error, { code: 'FRAUD' });
    assert.deepEqual(events(result).slice(-3), ['throw:completed', 'work:terminated', 'sub:terminated']);
  });

  it('lets a sub-process run on when a non-interrupting escalation boundary catches an escalation from inside', async () => {
    const bpmn = model(`<bpmn:startEvent id="start" />${flow('f0', 'start', 'sub')}
      <bpmn:subProcess id="sub"><bpmn:startEvent id="subStart" />${flow('s0', 'subStart', 'raise')}
        <bpmn:intermediateThrowEvent id="raise">${escalationCatch('late')}</bpmn:intermediateThrowEvent>
        ${flow('s1', 'raise', 'work')}${job('work', 'work')}${flow('s2', 'work', 'subEnd')}<bpmn:endEvent id="subEnd" />
      </bpmn:subProcess>${flow('f1', 'sub', 'end')}<bpmn:endEvent id="end" />
      ${boundary('noticed', 'sub', escalationCatch('late'), false)}${flow('f2', 'noticed', 'notify')}${job('notify', 'notify')}
      ${flow('f3', 'notify', 'notified')}<bpmn:endEvent id="notified" />`);
    const result = await run(bpmn);
    assert.equal(result.state, 'completed');
    assert.deepEqual(events(result), [
      'start:completed',
      'subStart:completed',
      'raise:completed',
      'noticed:completed',
      'work:completed',
      'subEnd:completed',
      'sub:completed',
      'end:completed',
      'notify:completed',
      'notified:completed',
    ]);
  });

  it('interrupts a sub-process at an interrupting escalation boundary', async () => {
    const result = await run(
      throwingSubProcess(
        escalationCatch('late'),
        `${boundary('caught', 'sub', escalationCatch())}
        ${flow('f2', 'caught', 'handled')}<bpmn:endEvent id="handled" />`,
      ),
    );
    assert.equal(result.state, 'completed');
    assert.deepEqual(events(result).slice(-4), [
      'work:terminated',
      'sub:terminated',
      'caught:completed',
      'handled:completed',
    ]);
  });

  it('continues after an escalation from inside a sub-process that nothing catches', async () => {
    const result = await run(throwingSubProcess(escalationCatch('late'), ''));
    assert.equal(result.state, 'completed');
    assert.deepEqual(events(result), [
      'start:completed',
      'subStart:completed',
      'throw:completed',
      'work:completed',
      'subEnd:completed',
      'sub:completed',
      'end:completed',
    ]);
  });
});

describe('engine: error and escalation event sub-processes', () => {
  it('starts an interrupting error event sub-process of the process, ending everything else', async () => {
    const bpmn =
      model(`<bpmn:startEvent id="start" />${flow('f0', 'start', 'fork')}<bpmn:parallelGateway id="fork" />
      ${flow('f1', 'fork', 'pay')}${flow('f2', 'fork', 'review')}${job('pay', 'pay')}<bpmn:userTask id="review" />
      ${flow('f3', 'pay', 'join')}${flow('f4', 'review', 'join')}<bpmn:parallelGateway id="join" />${flow('f5', 'join', 'end')}<bpmn:endEvent id="end" />
      <bpmn:subProcess id="onError" triggeredByEvent="true"><bpmn:startEvent id="errorStart">${errorCatch('noFunds')}</bpmn:startEvent>
        ${flow('e0', 'errorStart', 'cleanup')}${job('cleanup', 'cleanup')}${flow('e1', 'cleanup', 'errorEnd')}<bpmn:endEvent id="errorEnd" /></bpmn:subProcess>`);
    const driver = (await driverFor(bpmn)).start();
    const review = driver.instanceAt('review');
    driver.send({ type: 'jobError', elementInstance: driver.instanceAt('pay'), code: 'NO_FUNDS' });
    assert.deepEqual(driver.commandsOf('cancelWork'), [
      { kind: 'cancelWork', elementInstance: review, element: 'review' },
    ]);
    driver.send({ type: 'jobCompleted', elementInstance: driver.instanceAt('cleanup') });
    assert.deepEqual(driver.ended.map((entry) => `${entry.element}:${entry.event}`).slice(-6), [
      'pay:terminated',
      'review:terminated',
      'errorStart:completed',
      'cleanup:completed',
      'errorEnd:completed',
      'onError:completed',
    ]);
    assert.equal(driver.state.status, 'completed');
  });

  it('runs a non-interrupting escalation event sub-process beside the sub-process that escalated', async () => {
    const inside = `<bpmn:subProcess id="onLate" triggeredByEvent="true">
      <bpmn:startEvent id="lateStart" isInterrupting="false">${escalationCatch('late')}</bpmn:startEvent>
      ${flow('l0', 'lateStart', 'lateEnd')}<bpmn:endEvent id="lateEnd" /></bpmn:subProcess>`;
    const result = await run(throwingSubProcess(escalationCatch('late'), '', inside));
    assert.equal(result.state, 'completed');
    assert.deepEqual(events(result).slice(-8), [
      'throw:completed',
      'lateStart:completed',
      'lateEnd:completed',
      'onLate:completed',
      'work:completed',
      'subEnd:completed',
      'sub:completed',
      'end:completed',
    ]);
  });
  it('sends an error thrown inside an error event sub-process past it: uncaught, it fails the instance', async () => {
    const bpmn = model(`<bpmn:startEvent id="start" />${flow('f0', 'start', 'pay')}${job('pay', 'pay')}
      ${flow('f1', 'pay', 'end')}<bpmn:endEvent id="end" />
      <bpmn:subProcess id="onError" triggeredByEvent="true"><bpmn:startEvent id="errorStart">${errorCatch()}</bpmn:startEvent>
        ${flow('e0', 'errorStart', 'again')}<bpmn:endEvent id="again">${errorCatch('fraud')}</bpmn:endEvent></bpmn:subProcess>`);
    const result = await run(bpmn, { jobs: { pay: [{ error: { code: 'NO_FUNDS' } }] } });
    assert.equal(result.state, 'failed');
    assert.deepEqual(result.error, { code: 'FRAUD' });
    assert.deepEqual(events(result), [
      'start:completed',
      'pay:terminated',
      'errorStart:completed',
      'again:completed',
      'onError:terminated',
    ]);
  });
});

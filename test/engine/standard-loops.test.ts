import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { flow } from '../support/flow-xml.js';
import { executableProcess } from '../support/models.js';
import { driverFor, run } from './harness.js';

/** start -> a service task `again` (job type `w`) with the given standard loop -> end, plus extras. */
const looping = (loop: string, extra = '') =>
  executableProcess(`<bpmn:startEvent id="start" />${flow('f0', 'start', 'again')}
    <bpmn:serviceTask id="again"><bpmn:extensionElements><zeebe:taskDefinition type="w" /></bpmn:extensionElements>${loop}</bpmn:serviceTask>
    ${flow('f1', 'again', 'end')}<bpmn:endEvent id="end" />${extra}`);

const iterations = (trace: readonly { element: string; instance?: number }[]) =>
  trace.filter((entry) => entry.element === 'again').map((entry) => entry.instance);

describe('engine: standard loops', () => {
  it('runs the activity again while the loop condition holds, testing after each iteration', async () => {
    const loop = `<bpmn:standardLoopCharacteristics><bpmn:loopCondition>=count &lt; 3</bpmn:loopCondition></bpmn:standardLoopCharacteristics>`;
    const driver = (await driverFor(looping(loop))).start({ count: 0 });
    for (let step = 1; step <= 3; step++) {
      const job = driver.commandsOf('runJob').at(-1);
      assert.equal(job?.variables.count, step - 1);
      driver.send({
        type: 'jobCompleted',
        elementInstance: job?.elementInstance ?? '',
        variables: { count: step },
      });
    }
    assert.equal(driver.state.status, 'completed');
    assert.equal(driver.commandsOf('runJob').length, 3);
    assert.deepEqual(iterations(driver.ended), [0, 1, 2]);
  });

  it('tests before the first iteration with testBefore, so a false condition runs none', async () => {
    const loop = `<bpmn:standardLoopCharacteristics testBefore="true"><bpmn:loopCondition>=count &lt; 3</bpmn:loopCondition></bpmn:standardLoopCharacteristics>`;
    const result = await run(looping(loop), {}, { variables: { count: 5 } });
    assert.equal(result.state, 'completed');
    assert.deepEqual(iterations(result.trace), [undefined]);
    const once = await run(
      looping(loop),
      { jobs: { w: [{ complete: { vars: { count: 3 } } }] } },
      { variables: { count: 0 } },
    );
    assert.deepEqual(iterations(once.trace), [0]);
  });

  it('stops at loopMaximum even while the condition holds, and sees loopCounter', async () => {
    const loop = `<bpmn:standardLoopCharacteristics loopMaximum="4"><bpmn:loopCondition>=loopCounter &lt; 10</bpmn:loopCondition></bpmn:standardLoopCharacteristics>`;
    const result = await run(looping(loop));
    assert.equal(result.state, 'completed');
    assert.deepEqual(iterations(result.trace), [0, 1, 2, 3]);
  });

  it('keeps one element instance across iterations, so an interrupting boundary event ends the whole loop', async () => {
    const loop = `<bpmn:standardLoopCharacteristics loopMaximum="5" />`;
    const boundary = `<bpmn:boundaryEvent id="late" attachedToRef="again"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
      ${flow('f2', 'late', 'lateEnd')}<bpmn:endEvent id="lateEnd" />`;
    const driver = (await driverFor(looping(loop, boundary))).start();
    const id = driver.instanceAt('again');
    driver.send({ type: 'jobCompleted', elementInstance: id });
    assert.equal(driver.instanceAt('again'), id);
    assert.equal(
      driver.commandsOf('startTimer').length,
      1,
      'the boundary timer is not restarted per iteration',
    );
    driver.send({ type: 'timerFired', timer: driver.commandsOf('startTimer')[0]?.timer ?? '' });
    assert.deepEqual(
      driver.ended.map((entry) => [entry.element, entry.event, entry.instance ?? null]),
      [
        ['start', 'completed', null],
        ['again', 'completed', 0],
        ['again', 'terminated', 1],
        ['late', 'completed', null],
        ['lateEnd', 'completed', null],
      ],
    );
  });

  it('raises an incident for a loop with neither a condition nor a maximum, which could run for ever', async () => {
    const result = await run(looping('<bpmn:standardLoopCharacteristics />'));
    assert.equal(result.state, 'incident');
    assert.equal(result.incidents[0]?.code, 'unbounded-loop');
  });
});

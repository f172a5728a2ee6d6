import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { flow } from '../support/flow-xml.js';
import { definitions, executableProcess } from '../support/models.js';
import { driverFor, run, type Driver } from './harness.js';

/** start -> the given activity (id `each`) -> end, plus any extra elements (boundary events). */
const around = (activity: string, extra = '') =>
  executableProcess(`<bpmn:startEvent id="start" />${flow('f0', 'start', 'each')}${activity}
    ${flow('f1', 'each', 'end')}<bpmn:endEvent id="end" />${extra}`);

/** A service task `each` (job type `w`) with the given loop characteristics and extension elements. */
const multiTask = (loop: string, extensions = '') =>
  `<bpmn:serviceTask id="each"><bpmn:extensionElements><zeebe:taskDefinition type="w" />${extensions}</bpmn:extensionElements>${loop}</bpmn:serviceTask>`;

const zeebeLoop = (attributes: string, sequential = false, inner = '') =>
  `<bpmn:multiInstanceLoopCharacteristics isSequential="${sequential}"><bpmn:extensionElements><zeebe:loopCharacteristics ${attributes} /></bpmn:extensionElements>${inner}</bpmn:multiInstanceLoopCharacteristics>`;

const overItems = zeebeLoop(
  'inputCollection="=items" inputElement="item" outputCollection="results" outputElement="=done"',
);

function jobsNow(driver: Driver): string[] {
  return Object.values(driver.state.elementInstances)
    .filter((instance) => instance.wait?.kind === 'job')
    .map((instance) => instance.id);
}

describe('engine: multi-instance activities', () => {
  it('runs one instance per element of the input collection at once, each with its element and loop counter', async () => {
    const driver = (await driverFor(around(multiTask(overItems)))).start({ items: ['a', 'b', 'c'] });
    const jobs = driver.commandsOf('runJob');
    assert.deepEqual(
      jobs.map((job) => [job.variables.item, job.variables.loopCounter]),
      [
        ['a', 1],
        ['b', 2],
        ['c', 3],
      ],
    );
    // Completed out of order: the output collection keeps the input order.
    for (const index of [2, 0, 1]) {
      const job = jobs[index];
      assert.ok(job);
      driver.send({ type: 'jobCompleted', elementInstance: job.elementInstance, variables: { done: index } });
    }
    assert.equal(driver.state.status, 'completed');
    assert.deepEqual(driver.variables().results, [0, 1, 2]);
    assert.equal(driver.variables().item, undefined, 'the input element stays local to its instance');
    assert.deepEqual(
      driver.ended
        .filter((entry) => entry.element === 'each')
        .map((entry) => [entry.instance, entry.multiInstanceBody]),
      [
        [2, undefined],
        [0, undefined],
        [1, undefined],
        [undefined, true],
      ],
    );
  });

  it('runs a sequential multi-instance one instance after the other, `loopCardinality` times', async () => {
    const loop = `<bpmn:multiInstanceLoopCharacteristics isSequential="true"><bpmn:loopCardinality>=count</bpmn:loopCardinality></bpmn:multiInstanceLoopCharacteristics>`;
    const driver = (await driverFor(around(multiTask(loop)))).start({ count: 3 });
    const counters: number[] = [];
    for (let step = 0; step < 3; step++) {
      assert.equal(jobsNow(driver).length, 1, 'one instance at a time');
      const job = driver.commandsOf('runJob').at(-1);
      counters.push(job?.variables.loopCounter as number);
      driver.send({ type: 'jobCompleted', elementInstance: job?.elementInstance ?? '' });
    }
    assert.deepEqual(counters, [1, 2, 3]);
    assert.equal(driver.state.status, 'completed');
  });

  it('terminates the remaining instances when the completion condition holds', async () => {
    const loop = zeebeLoop(
      'inputCollection="=[1,2,3]" inputElement="n"',
      false,
      '<bpmn:completionCondition>=numberOfCompletedInstances &gt;= 2 and numberOfActiveInstances = 1</bpmn:completionCondition>',
    );
    const result = await run(around(multiTask(loop)));
    assert.equal(result.state, 'completed');
    assert.deepEqual(
      result.trace
        .filter((entry) => entry.element === 'each')
        .map((entry) => [entry.event, entry.instance ?? 'body']),
      [
        ['completed', 0],
        ['completed', 1],
        ['terminated', 2],
        ['completed', 'body'],
      ],
    );
  });

  it('completes at once over an empty collection, with an empty output collection', async () => {
    const result = await run(around(multiTask(overItems)), {}, { variables: { items: [] } });
    assert.equal(result.state, 'completed');
    assert.deepEqual(result.variables.results, []);
    assert.deepEqual(
      result.trace.map((entry) => [entry.element, entry.multiInstanceBody ?? false]),
      [
        ['start', false],
        ['each', true],
        ['end', false],
      ],
    );
  });

  it('cancels every instance when an interrupting boundary event of the body fires', async () => {
    const boundary = `<bpmn:boundaryEvent id="late" attachedToRef="each"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
      ${flow('f2', 'late', 'lateEnd')}<bpmn:endEvent id="lateEnd" />`;
    const driver = (await driverFor(around(multiTask(overItems), boundary))).start({ items: [1, 2] });
    assert.equal(driver.commandsOf('startTimer').length, 1, 'the body has the boundary, not each instance');
    driver.send({ type: 'jobCompleted', elementInstance: jobsNow(driver)[0] ?? '' });
    driver.send({ type: 'timerFired', timer: driver.commandsOf('startTimer')[0]?.timer ?? '' });
    assert.equal(driver.state.status, 'completed');
    assert.equal(driver.commandsOf('cancelWork').length, 1);
    assert.deepEqual(
      driver.ended.slice(-4).map((entry) => [entry.element, entry.event, entry.instance ?? null]),
      [
        ['each', 'terminated', 1],
        ['each', 'terminated', null],
        ['late', 'completed', null],
        ['lateEnd', 'completed', null],
      ],
    );
    assert.equal(driver.ended.at(-3)?.multiInstanceBody, true);
  });

  it('sends an error thrown in one instance to the error boundary of the body, ending the others', async () => {
    const boundary = `<bpmn:boundaryEvent id="failed" attachedToRef="each"><bpmn:errorEventDefinition errorRef="err" /></bpmn:boundaryEvent>
      ${flow('f2', 'failed', 'failedEnd')}<bpmn:endEvent id="failedEnd" />`;
    const model = around(multiTask(overItems), boundary).replace(
      '</bpmn:definitions>',
      '<bpmn:error id="err" errorCode="BAD" /></bpmn:definitions>',
    );
    const driver = (await driverFor(model)).start({ items: [1, 2, 3] });
    driver.send({ type: 'jobError', elementInstance: jobsNow(driver)[1] ?? '', code: 'BAD' });
    assert.equal(driver.state.status, 'completed');
    assert.deepEqual(driver.completed().slice(-2), ['failed', 'failedEnd']);
    assert.equal(driver.commandsOf('cancelWork').length, 2, 'the two other instances are withdrawn');
  });

  it('runs a multi-instance sub-process: each instance has its own scope holding its input element', async () => {
    const inner = `<bpmn:startEvent id="s" />${flow('s0', 's', 'work')}<bpmn:serviceTask id="work"><bpmn:extensionElements><zeebe:taskDefinition type="w" /></bpmn:extensionElements></bpmn:serviceTask>
      ${flow('s1', 'work', 'e')}<bpmn:endEvent id="e" />`;
    const sub = `<bpmn:subProcess id="each">${zeebeLoop('inputCollection="=items" inputElement="item" outputCollection="out" outputElement="=item * 10"', true)}${inner}</bpmn:subProcess>`;
    const driver = (await driverFor(around(sub))).start({ items: [1, 2] });
    const first = driver.commandsOf('runJob')[0];
    assert.equal(first?.variables.item, 1);
    driver.send({ type: 'jobCompleted', elementInstance: first?.elementInstance ?? '' });
    const second = driver.commandsOf('runJob')[1];
    assert.equal(second?.variables.item, 2);
    driver.send({ type: 'jobCompleted', elementInstance: second?.elementInstance ?? '' });
    assert.equal(driver.state.status, 'completed');
    assert.deepEqual(driver.variables(), { items: [1, 2], out: [10, 20] });
    assert.deepEqual(Object.keys(driver.state.scopes), [driver.state.rootScope]);
  });

  it('raises an incident when the input collection is not a list, and retries with the resolved variables', async () => {
    const driver = (await driverFor(around(multiTask(overItems)))).start({ items: 'abc' });
    const [incident] = Object.values(driver.state.incidents);
    assert.equal(incident?.code, 'invalid-multi-instance');
    driver.send({ type: 'incidentResolved', incident: incident?.id ?? '', variables: { items: ['x'] } });
    assert.equal(driver.commandsOf('runJob')[0]?.variables.item, 'x');
  });

  it('runs Camunda 7 collection/elementVariable with a JUEL completion condition on nrOfCompletedInstances', async () => {
    const task = `<bpmn:userTask id="each"><bpmn:multiInstanceLoopCharacteristics camunda:collection="\${approvers}" camunda:elementVariable="approver">
      <bpmn:completionCondition>\${nrOfCompletedInstances == 1}</bpmn:completionCondition></bpmn:multiInstanceLoopCharacteristics></bpmn:userTask>`;
    const result = await run(around(task), {}, { variables: { approvers: ['ann', 'bob'] } });
    assert.equal(result.state, 'completed');
    assert.deepEqual(
      result.trace
        .filter((entry) => entry.element === 'each')
        .map((entry) => [entry.event, entry.instance ?? 'body']),
      [
        ['completed', 0],
        ['terminated', 1],
        ['completed', 'body'],
      ],
    );
  });

  describe('behaviour events', () => {
    /** Three instances of a none task `each` with the given behaviour; `waiter` catches the signal `done`. */
    const withBehavior = (attributes: string, inner = '') =>
      definitions(`<bpmn:signal id="sig" name="done" /><bpmn:signalEventDefinition id="sigDef" signalRef="sig" />
        <bpmn:escalation id="esc" escalationCode="HALF" /><bpmn:escalationEventDefinition id="escDef" escalationRef="esc" />
        <bpmn:process id="process" isExecutable="true">
        <bpmn:startEvent id="start" />${flow('f0', 'start', 'fork')}<bpmn:parallelGateway id="fork" />
        ${flow('f1', 'fork', 'each')}${flow('f2', 'fork', 'waiter')}
        <bpmn:task id="each"><bpmn:multiInstanceLoopCharacteristics ${attributes}><bpmn:loopCardinality>=3</bpmn:loopCardinality>${inner}</bpmn:multiInstanceLoopCharacteristics></bpmn:task>
        ${flow('f3', 'each', 'end')}<bpmn:endEvent id="end" />
        <bpmn:intermediateCatchEvent id="waiter"><bpmn:signalEventDefinition signalRef="sig" /></bpmn:intermediateCatchEvent>
        ${flow('f4', 'waiter', 'waiterEnd')}<bpmn:endEvent id="waiterEnd" /></bpmn:process>`);

    it('None throws its event each time an instance completes', async () => {
      const driver = (await driverFor(withBehavior('behavior="None" noneBehaviorEventRef="sigDef"'))).start();
      assert.equal(driver.state.status, 'completed');
      assert.equal(driver.commandsOf('broadcastSignal').length, 3);
      assert.ok(driver.completed().indexOf('waiter') < driver.completed().indexOf('end'));
    });

    it('One throws its event when the first instance completes, and only then', async () => {
      const driver = (await driverFor(withBehavior('behavior="One" oneBehaviorEventRef="sigDef"'))).start();
      assert.equal(driver.commandsOf('broadcastSignal').length, 1);
      assert.deepEqual(driver.completed().slice(0, 4), ['start', 'fork', 'each', 'waiter']);
    });

    it('All throws nothing', async () => {
      const driver = (await driverFor(withBehavior('behavior="All"'))).start();
      assert.equal(driver.commandsOf('broadcastSignal').length, 0);
      assert.equal(driver.state.status, 'active', 'the signal catch still waits');
    });

    it('Complex throws the events of each definition whose condition holds, escalations to the body boundary', async () => {
      const complex = `<bpmn:complexBehaviorDefinition id="half"><bpmn:condition>=numberOfCompletedInstances = 2</bpmn:condition>
        <bpmn:event id="halfEvent"><bpmn:escalationEventDefinition escalationRef="esc" /></bpmn:event></bpmn:complexBehaviorDefinition>`;
      const boundary = `<bpmn:boundaryEvent id="halfway" attachedToRef="each" cancelActivity="false"><bpmn:escalationEventDefinition escalationRef="esc" /></bpmn:boundaryEvent>
        ${flow('f5', 'halfway', 'halfEnd')}<bpmn:endEvent id="halfEnd" />`;
      const model = withBehavior('behavior="Complex"', complex).replace(
        '</bpmn:process>',
        `${boundary}</bpmn:process>`,
      );
      const driver = (await driverFor(model)).start();
      assert.deepEqual(
        driver.ended
          .filter((entry) => ['each', 'halfway'].includes(entry.element))
          .map((entry) => `${entry.element}${entry.instance ?? ''}`),
        ['each0', 'each1', 'halfway', 'each2', 'each'],
      );
    });
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runScenario } from '../../shared/runner/run-scenario.js';
import { parseScenario } from '../../shared/runner/scenario.js';
import type { Variables } from '../../shared/engine/state.js';
import type { RunResult } from '../../shared/runner/run-result.js';
import { corpusPath } from '../support/paths.js';
import { compileFile } from './harness.js';

async function runCorpus(file: string, variables: Variables = {}): Promise<RunResult> {
  const graphs = await compileFile(corpusPath(...file.split('/')));
  return runScenario({ graphs, scenario: parseScenario({}), variables });
}

const multiInstance = 'camunda7-engine/test/bpmn/multiinstance/MultiInstanceTest.';
const conditional = 'camunda7-engine/test/bpmn/event/conditional/';
const compensate = 'camunda7-engine/test/bpmn/event/compensate/CompensateEventTest.';

/** The trace entries of `element`: `#index` for an instance, `body` for the body, `!event` unless completed. */
const entriesOf = (result: RunResult, element: string) =>
  result.trace
    .filter((entry) => entry.element === element)
    .map(
      (entry) =>
        `${entry.multiInstanceBody ? 'body' : `#${entry.instance}`}${entry.event === 'completed' ? '' : `!${entry.event}`}`,
    );

describe('engine on public corpus models (milestone-3 constructs)', () => {
  it('camunda7 testSequentialSubProcessCompletionCondition: stops after 3 of 4 sequential sub-processes', async () => {
    const result = await runCorpus(`${multiInstance}testSequentialSubProcessCompletionCondition.bpmn20.xml`);
    assert.equal(result.state, 'completed');
    assert.deepEqual(entriesOf(result, 'miSubProcess'), ['#0', '#1', '#2', 'body']);
  });

  it('camunda7 testParallelSubProcessCompletionCondition: the first completed sub-process terminates the other', async () => {
    const result = await runCorpus(`${multiInstance}testParallelSubProcessCompletionCondition.bpmn20.xml`);
    assert.equal(result.state, 'completed');
    assert.deepEqual(entriesOf(result, 'miSubProcess'), ['#0', '#1!terminated', 'body']);
    assert.deepEqual(
      result.trace.filter((entry) => entry.event === 'terminated').map((entry) => entry.element),
      ['subProcessTask1', 'subProcessTask2', 'miSubProcess'],
    );
  });

  it('camunda7 testNestedSequentialUserTasks: a sequential multi-instance inside three nested sub-processes', async () => {
    const result = await runCorpus(`${multiInstance}testNestedSequentialUserTasks.bpmn20.xml`);
    assert.equal(result.state, 'completed');
    assert.deepEqual(entriesOf(result, 'miTasks'), ['#0', '#1', '#2', 'body']);
    assert.deepEqual(
      result.trace.slice(-7).map((entry) => entry.element),
      ['subProcessEnd3', 'nesting3', 'subProcessEnd2', 'nesting2', 'subProcessEnd1', 'nesting1', 'theEnd'],
    );
  });

  it('camunda7 testNestedParallelCallActivityWithTimer: the timer on the body ends both calls that cannot start', async () => {
    const result = await runCorpus(`${multiInstance}testNestedParallelCallActivityWithTimer.bpmn20.xml`);
    // The called process lives in another file: each call is an incident until the boundary timer fires.
    assert.equal(result.state, 'completed');
    assert.deepEqual(entriesOf(result, 'miCallActivity'), [
      '#0!terminated',
      '#1!terminated',
      'body!terminated',
    ]);
    assert.deepEqual(
      result.trace.slice(-2).map((entry) => entry.element),
      ['nesting1', 'theEnd'],
    );
  });

  it('bpmn-elements call-activity: a called process that is not executable cannot be started (call-failed)', async () => {
    const result = await runCorpus('bpmn-elements/resources/call-activity.bpmn');
    assert.equal(result.state, 'incident');
    assert.deepEqual(result.incidents, [
      {
        element: 'call-activity',
        code: 'call-failed',
        message: 'the model has no executable process "called-process"',
      },
    ]);
  });

  it('camunda7 BoundaryConditionalEventTest.testTrueCondition: a boundary whose condition holds interrupts at once', async () => {
    const result = await runCorpus(`${conditional}BoundaryConditionalEventTest.testTrueCondition.bpmn20.xml`);
    assert.equal(result.state, 'completed');
    assert.deepEqual(
      result.trace.map((entry) => `${entry.element}${entry.event === 'completed' ? '' : `!${entry.event}`}`),
      [
        'StartEvent_1',
        'taskWithCondition!terminated',
        'conditionalEvent',
        'Task_0edqijt',
        'EndEvent_1u7nlpq',
      ],
    );
  });

  it('camunda7 IntermediateConditionalEventTest.testVariableValue: waits for ${variable == 1}, passes when it holds', async () => {
    const file = `${conditional}IntermediateConditionalEventTest.testVariableValue.bpmn20.xml`;
    const waiting = await runCorpus(file, { variable: 0 });
    assert.equal(waiting.state, 'active');
    assert.deepEqual(
      waiting.trace.map((entry) => entry.element),
      ['StartEvent_1'],
    );
    const passing = await runCorpus(file, { variable: 1 });
    assert.equal(passing.state, 'completed');
  });

  it('camunda7 EventSubProcessStartConditionalEventTest.testTrueCondition: the interrupting start fires on entry', async () => {
    const result = await runCorpus(
      `${conditional}EventSubProcessStartConditionalEventTest.testTrueCondition.bpmn20.xml`,
    );
    assert.equal(result.state, 'completed');
    assert.deepEqual(
      result.trace
        .slice(0, 3)
        .map((entry) => `${entry.element}${entry.event === 'completed' ? '' : `!${entry.event}`}`),
      ['StartEvent_1', 'Task_0grf7zs!terminated', 'StartEvent_1vtdwej'],
    );
  });

  it('camunda7 CompensateEventTest.activityWithCompensationEndEvent: the end event runs the completed handler', async () => {
    const result = await runCorpus(`${compensate}activityWithCompensationEndEvent.bpmn20.xml`);
    assert.equal(result.state, 'completed');
    assert.deepEqual(
      result.trace.map((entry) => entry.element),
      ['start', 'fork', 'bookHotel', 'bookFlight', 'join', 'undoBookHotel', 'end'],
    );
  });

  it('camunda7 CompensateEventTest.testCompensateSubprocessInsideSubprocess: nested records, reverse order', async () => {
    const result = await runCorpus(`${compensate}testCompensateSubprocessInsideSubprocess.bpmn20.xml`);
    assert.equal(result.state, 'completed');
    assert.deepEqual(
      result.trace.slice(-4).map((entry) => entry.element),
      ['undoBookFlight', 'undoBookHotel', 'throwing', 'end'],
    );
  });

  it('camunda7 TransactionSubProcessTest.testSimpleCase: a cancel end compensates in reverse order, then the cancel boundary', async () => {
    const file =
      'camunda7-engine/test/bpmn/subprocess/transaction/TransactionSubProcessTest.testSimpleCase.bpmn20.xml';
    const result = await runCorpus(file, { confirmed: false });
    assert.deepEqual(
      result.trace
        .slice(-11)
        .map((entry) => `${entry.element}${entry.event === 'completed' ? '' : `!${entry.event}`}`),
      [
        'confirmed',
        'failure',
        'undoChargeCard',
        // bookHotel is a multi-instance activity: each of its 5 instances is compensated.
        ...new Array<string>(5).fill('undoBookHotel'),
        'undoBookFlight',
        'tx!terminated',
        'catchCancelTx',
      ],
    );
    const confirmed = await runCorpus(file, { confirmed: true });
    assert.deepEqual(
      confirmed.trace.slice(-2).map((entry) => entry.element),
      ['success', 'tx'],
    );
  });
});

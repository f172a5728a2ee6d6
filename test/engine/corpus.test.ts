import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { importModel } from '../../shared/bpmn/index.js';
import { runScenario } from '../../shared/runner/run-scenario.js';
import { parseScenario } from '../../shared/runner/scenario.js';
import { corpusPath } from '../support/paths.js';
import { compileFile, Driver } from './harness.js';

async function runCorpus(file: string, options: { process?: string } = {}) {
  const graphs = await compileFile(corpusPath(...file.split('/')));
  return runScenario({ graphs, scenario: parseScenario({}), ...options });
}

const at = (result: Awaited<ReturnType<typeof runCorpus>>) =>
  result.trace.map((entry) => `${entry.element}@${entry.at.slice(11)}`);

describe('engine on public corpus models (milestone-1 constructs)', () => {
  it('bpmn-elements timer-event: waits PT0.05S on the virtual clock between two tasks', async () => {
    const result = await runCorpus('bpmn-elements/resources/timer-event.bpmn');
    assert.equal(result.state, 'completed');
    assert.deepEqual(at(result), [
      'start@00:00:00.000Z',
      'task1@00:00:00.000Z',
      'duration@00:00:00.050Z',
      'task2@00:00:00.050Z',
      'end@00:00:00.050Z',
    ]);
  });

  it('bpmn-elements two-executable-processes: --process picks the second process', async () => {
    const first = await runCorpus('bpmn-elements/resources/two-executable-processes.bpmn');
    assert.equal(first.process, 'Process_1');
    const second = await runCorpus('bpmn-elements/resources/two-executable-processes.bpmn', {
      process: 'Process_2',
    });
    assert.deepEqual(
      second.trace.map((entry) => entry.element),
      ['StartEvent_2', 'Task_2', 'EndEvent_2'],
    );
  });

  it('bpmn-elements signal-after-signal: a signal thrown before its catch is reached is missed', async () => {
    const result = await runCorpus('bpmn-elements/resources/signal-after-signal.bpmn');
    assert.equal(result.state, 'active');
    assert.deepEqual(
      result.trace.map((entry) => entry.element),
      ['StartEvent_1', 'Event_1wqhk3t'],
    );
  });

  it('bpmn-elements parallel-join-edgecase: a parallel join waits for a branch the exclusive split skipped', async () => {
    const result = await runCorpus('bpmn-elements/resources/parallel-join-edgecase.bpmn');
    assert.equal(result.state, 'active');
    assert.deepEqual(
      result.trace.map((entry) => entry.element),
      ['start', 'decision', 'task'],
    );
  });

  it('bpmn-elements event-based-gateway: the timer wins unless the signal arrives first', async () => {
    const file = corpusPath('bpmn-elements', 'resources', 'event-based-gateway.bpmn');
    const graphs = await compileFile(file);
    const timerWins = runScenario({ graphs, scenario: parseScenario({}) });
    assert.deepEqual(at(timerWins), [
      'start@00:00:00.000Z',
      'gateway@00:01:00.000Z',
      'timerEvent@00:01:00.000Z',
    ]);
    const signalWins = runScenario({
      graphs,
      scenario: parseScenario({ signals: [{ name: 'signalEvent' }] }),
    });
    assert.deepEqual(
      signalWins.trace.map((entry) => entry.element),
      ['start', 'gateway', 'signalEvent', 'Task_1pfzr39'],
    );
    // Both paths meet at a parallel join that can never get its second token: BPMN keeps waiting.
    assert.equal(signalWins.state, 'active');
  });

  it('bpmn-engine issue-19: the importer rejects its JavaScript script task before the engine sees it', async () => {
    const result = await importModel(readFileSync(corpusPath('bpmn-engine', 'resources', 'issue-19.bpmn')));
    assert.equal(result.valid, false);
    assert.deepEqual(
      result.diagnostics
        .filter((diagnostic) => diagnostic.severity === 'error')
        .map((diagnostic) => [diagnostic.element, diagnostic.code]),
      [['Task_B', 'caseflow.foreign-expression']],
    );
  });
});

async function driveCorpus(file: string): Promise<Driver> {
  const [graph] = await compileFile(corpusPath(...file.split('/')));
  assert.ok(graph);
  return new Driver(graph).start();
}

const events = (entries: readonly { element: string; event: string }[]) =>
  entries.map((entry) => (entry.event === 'completed' ? entry.element : `${entry.element}:${entry.event}`));

describe('engine on public corpus models (milestone-2 constructs)', () => {
  it('bpmn-elements boundary-timeout: the timer interrupts the user task; the parallel join then waits for ever', async () => {
    const driver = await driveCorpus('bpmn-elements/resources/boundary-timeout.bpmn');
    const [timer] = driver.commandsOf('startTimer');
    assert.equal(timer?.due, '2000-01-01T00:00:00.100Z');
    driver.send({ type: 'timerFired', timer: timer?.timer ?? '' }, timer?.due);
    assert.deepEqual(events(driver.ended), ['start', 'userTask:terminated', 'boundTimeoutEvent']);
    assert.equal(driver.state.status, 'active');
    assert.deepEqual(Object.keys(driver.state.joins), [`${driver.state.rootScope}/join`]);
  });

  it('bpmn-elements boundary-non-interupting-timer: the timer branch and the user task meet at the join', async () => {
    const driver = await driveCorpus('bpmn-elements/resources/boundary-non-interupting-timer.bpmn');
    const [timer] = driver.commandsOf('startTimer');
    driver.send({ type: 'timerFired', timer: timer?.timer ?? '' }, timer?.due);
    driver.send({ type: 'userTaskCompleted', elementInstance: driver.instanceAt('userTask') });
    assert.deepEqual(events(driver.ended), [
      'StartEvent_1',
      'boundaryEvent',
      'userTask',
      'join',
      'EndEvent_04z4jtj',
    ]);
    assert.equal(driver.state.status, 'completed');
  });

  it('camunda7 message boundary on a sub-process: the message interrupts the catch waiting inside', async () => {
    const driver = await driveCorpus(
      'camunda7-engine/test/bpmn/event/message/MessageBoundaryEventTest.testBoundaryMessageEventOnSubprocessWithIntermediateMessageCatch.bpmn',
    );
    const inner = driver.instanceAt('IntermediateCatchEvent_1');
    driver.send({ type: 'messageReceived', messageName: 'cancelMessage' });
    assert.deepEqual(events(driver.ended), [
      'StartEvent_1',
      'StartEvent_2',
      'IntermediateCatchEvent_1:terminated',
      'SubProcess_1:terminated',
      'BoundaryEvent_1',
      'EndEvent_3',
    ]);
    assert.ok(
      driver
        .commandsOf('unsubscribeMessage')
        .some((command) => command.elementInstance === inner && command.messageName === 'continueMessage'),
    );
    assert.equal(driver.state.status, 'completed');
  });

  it('camunda7 terminate end event in a concurrent sub-process: ends the sub-process only, the process completes', async () => {
    const result = await runCorpus(
      'camunda7-engine/test/bpmn/event/end/TerminateEndEventTest.testTerminateInSubProcessConcurrent.bpmn',
    );
    assert.equal(result.state, 'completed');
    assert.deepEqual(events(result.trace).slice(-5), [
      'UserTask_1:terminated',
      'SubProcess_1',
      'EndEvent_3',
      'preNormalEnd',
      'EndEvent_4',
    ]);
  });

  it('camunda7 error event sub-process: an error end event of the process starts it', async () => {
    const result = await runCorpus(
      'camunda7-engine/test/bpmn/event/error/ErrorEventSubProcessTest.testCatchErrorEventSubprocessSetErrorVariables.bpmn',
    );
    assert.equal(result.state, 'completed');
    assert.deepEqual(events(result.trace), [
      'StartEvent_3',
      'EndEvent_1',
      'StartEvent_2',
      'UserTask_1',
      'EndEvent_2',
      'SubProcess_1',
    ]);
  });

  it('camunda7 subProcessWithError: an error nothing catches fails the instance with its code', async () => {
    const result = await runCorpus('camunda7-engine/test/bpmn/callactivity/subProcessWithError.bpmn');
    assert.equal(result.state, 'failed');
    assert.equal(result.error?.code, 'errorCode');
  });
});

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { importModel } from '../../shared/bpmn/index.js';
import { runScenario } from '../../shared/runner/run-scenario.js';
import { parseScenario } from '../../shared/runner/scenario.js';
import { corpusPath } from '../support/paths.js';
import { compileFile } from './harness.js';

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

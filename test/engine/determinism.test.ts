import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { apply } from '../../shared/engine/apply.js';
import type { EngineEvent } from '../../shared/engine/events.js';
import type { EngineState } from '../../shared/engine/state.js';
import { runScenario } from '../../shared/runner/run-scenario.js';
import { parseScenario } from '../../shared/runner/scenario.js';
import { Driver, compile } from './harness.js';
import { seededRandom } from '../support/seeded-random.js';
import { randomModel } from './random-models.js';

const modelCount = 40;
const maxEvents = 40;

/** Every event the outside world could send now, plus some it should ignore. */
function possibleEvents(state: EngineState, random: () => number): EngineEvent[] {
  const events: EngineEvent[] = [
    { type: 'timerFired', timer: 'timer-none' },
    { type: 'jobCompleted', elementInstance: 'e0' },
    { type: 'start' },
    { type: 'messageReceived', messageName: 'm', variables: { x: 2 } },
    { type: 'signalReceived', signalName: 's' },
  ];
  for (const instance of Object.values(state.elementInstances)) {
    const wait = instance.wait;
    if (wait?.kind === 'userTask')
      events.push({
        type: 'userTaskCompleted',
        elementInstance: instance.id,
        variables: { x: Math.floor(random() * 4) },
      });
    if (wait?.kind === 'job') {
      events.push({
        type: 'jobCompleted',
        elementInstance: instance.id,
        variables: { x: Math.floor(random() * 4) },
      });
      events.push({ type: 'jobFailed', elementInstance: instance.id, message: 'boom' });
    }
    if (wait?.kind === 'timer') events.push({ type: 'timerFired', timer: wait.timer });
    for (const boundary of instance.boundaries ?? []) {
      if (boundary.wait.kind === 'timer') events.push({ type: 'timerFired', timer: boundary.wait.timer });
    }
  }
  for (const incident of Object.values(state.incidents))
    events.push({ type: 'incidentResolved', incident: incident.id, variables: { x: 1 } });
  if (random() < 0.02) events.push({ type: 'cancel' });
  if (random() < 0.02)
    events.push({
      type: 'jobError',
      elementInstance: Object.keys(state.elementInstances)[0] ?? 'e0',
      code: 'E',
    });
  return events;
}

describe('engine determinism (property test, fixed seed)', () => {
  it('never throws on random event orders and replays to the identical state from serialised states', async () => {
    const random = seededRandom(20261127);
    const outcomes = new Map<string, number>();
    let eventCount = 0;
    for (let model = 0; model < modelCount; model++) {
      const [graph] = await compile(randomModel(random));
      assert.ok(graph);
      const driver = new Driver(graph).start({});
      const events: { event: EngineEvent; now: string }[] = [];
      const snapshots: string[] = [JSON.stringify(driver.state)];
      let minute = 0;
      for (let step = 0; step < maxEvents && driver.state.status === 'active'; step++) {
        const options = possibleEvents(driver.state, random);
        const event = options[Math.floor(random() * options.length)] as EngineEvent;
        const now = new Date(Date.UTC(2000, 0, 1, 0, (minute += 1))).toISOString();
        driver.send(event, now);
        events.push({ event, now });
        snapshots.push(JSON.stringify(driver.state));
      }
      const resumeAt = Math.floor(random() * events.length);
      let replayed = JSON.parse(snapshots[resumeAt] as string) as EngineState;
      for (const { event, now } of events.slice(resumeAt)) {
        replayed = JSON.parse(JSON.stringify(apply(graph, replayed, event, now).state)) as EngineState;
      }
      assert.deepEqual(replayed, driver.state, `model ${model} diverged after resuming at event ${resumeAt}`);
      const outcome = Object.keys(driver.state.incidents).length > 0 ? 'incident' : driver.state.status;
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      eventCount += events.length;
    }
    // The generator and event choice must reach the interesting states, or this test proves little.
    assert.ok((outcomes.get('completed') ?? 0) > modelCount / 4, JSON.stringify([...outcomes]));
    assert.ok(eventCount > modelCount * 3, `only ${eventCount} events`);
  });

  it('runs every random model through the scenario runner without throwing, identically twice', async () => {
    const random = seededRandom(7);
    for (let model = 0; model < modelCount; model++) {
      const graphs = await compile(randomModel(random));
      const scenario = parseScenario({
        jobs: { job: [{ complete: { vars: { x: 2 } } }, { fail: { message: 'down' } }] },
        messages: [{ name: 'm' }],
        signals: [{ name: 's' }],
        maxSteps: 200,
      });
      const first = runScenario({ graphs, scenario });
      assert.deepEqual(runScenario({ graphs, scenario }), first);
      assert.ok(['completed', 'active', 'incident'].includes(first.state), first.state);
    }
  });
});

/** Helpers for engine tests: compile an inline model, drive `apply` event by event, run scenarios. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { importModel, type ProcessGraph } from '../../shared/bpmn/index.js';
import { apply, initialState } from '../../shared/engine/apply.js';
import type { EndedElement, EngineCommand } from '../../shared/engine/commands.js';
import type { EngineEvent } from '../../shared/engine/events.js';
import type { EngineState, Variables } from '../../shared/engine/state.js';
import type { RunResult } from '../../shared/runner/run-result.js';
import { runScenario } from '../../shared/runner/run-scenario.js';
import { parseScenario } from '../../shared/runner/scenario.js';

export const t0 = '2000-01-01T00:00:00.000Z';

export async function compile(xml: string | Uint8Array): Promise<ProcessGraph[]> {
  const result = await importModel(xml);
  assert.equal(result.valid, true, JSON.stringify(result.diagnostics));
  return [...result.graphs];
}

export async function compileFile(file: string): Promise<ProcessGraph[]> {
  return compile(readFileSync(file));
}

/** Drives one instance through `apply`, keeping every command and ended element. */
export class Driver {
  state: EngineState;
  commands: EngineCommand[] = [];
  ended: EndedElement[] = [];
  now = t0;

  constructor(readonly graph: ProcessGraph) {
    this.state = initialState(graph);
  }

  send(event: EngineEvent, now = this.now): this {
    this.now = now;
    const result = apply(this.graph, this.state, event, now);
    this.state = result.state;
    this.commands.push(...result.commands);
    this.ended.push(...result.ended);
    return this;
  }

  start(variables: Variables = {}): this {
    return this.send({ type: 'start', variables });
  }

  /** Element ids in the order they ended (completed ones only unless `all`). */
  completed(): string[] {
    return this.ended.filter((entry) => entry.event === 'completed').map((entry) => entry.element);
  }

  /** The id of the element instance now at `element`. */
  instanceAt(element: string): string {
    const instance = Object.values(this.state.elementInstances).find(
      (candidate) => candidate.element === element,
    );
    assert.ok(instance, `no element instance at ${element}`);
    return instance.id;
  }

  commandsOf<K extends EngineCommand['kind']>(kind: K): Extract<EngineCommand, { kind: K }>[] {
    return this.commands.filter(
      (command): command is Extract<EngineCommand, { kind: K }> => command.kind === kind,
    );
  }

  variables(): Variables {
    return this.state.scopes[this.state.rootScope]?.variables ?? {};
  }
}

export async function driverFor(xml: string): Promise<Driver> {
  const [graph] = await compile(xml);
  assert.ok(graph);
  return new Driver(graph);
}

export async function run(
  xml: string,
  scenario: unknown = {},
  options: { process?: string; with?: string[]; variables?: Variables } = {},
): Promise<RunResult> {
  return runScenario({ graphs: await compile(xml), scenario: parseScenario(scenario), ...options });
}

export function elements(result: RunResult): string[] {
  return result.trace.map((entry) => entry.element);
}

/**
 * Drives one instance of a benchmark model to its end through each engine, answering work the same way:
 * every service task completes at once, and the user task of model (c) is completed with `again` true
 * until its last round. Each driver returns the number of steps: the events Caseflow's `apply` received
 * (start, then one per completed job or user task), the same count for both engines.
 */
import { EventEmitter } from 'node:events';
import { Engine, type BpmnEngineOptions } from 'bpmn-engine';
import type { ProcessGraph } from '../shared/bpmn/graph.js';
import { apply, initialState } from '../shared/engine/apply.js';
import type { EngineEvent } from '../shared/engine/events.js';
import type { EngineState } from '../shared/engine/state.js';

const now = '2030-01-01T00:00:00.000Z';

/** Caseflow: `apply` start, then one completion per `runJob` / `createUserTask` command, in order. */
export function runCaseflowInstance(graph: ProcessGraph, userTaskRounds: number): number {
  let state: EngineState = initialState(graph);
  let steps = 0;
  let rounds = 0;
  const pending: EngineEvent[] = [{ type: 'start' }];
  for (let event = pending.shift(); event; event = pending.shift()) {
    const result = apply(graph, state, event, now);
    state = result.state;
    steps += 1;
    for (const command of result.commands) {
      if (command.kind === 'runJob')
        pending.push({ type: 'jobCompleted', elementInstance: command.elementInstance });
      else if (command.kind === 'createUserTask') {
        rounds += 1;
        pending.push({
          type: 'userTaskCompleted',
          elementInstance: command.elementInstance,
          variables: { again: rounds < userTaskRounds },
        });
      }
    }
  }
  if (state.status !== 'completed') throw new Error(`Caseflow ended ${state.status}`);
  return steps;
}

/** The serialised state of a Caseflow instance waiting at its first job or user task. */
export function caseflowWaitingState(graph: ProcessGraph): string {
  return JSON.stringify(apply(graph, initialState(graph), { type: 'start' }, now).state);
}

type SourceContext = NonNullable<BpmnEngineOptions['sourceContext']>;

/**
 * bpmn-engine parses and serialises the XML once; every instance then starts from that context, as a
 * server holding a deployed model would (parsing per instance would measure bpmn-moddle, not the engine).
 */
export async function bpmnEngineSource(xml: string): Promise<SourceContext> {
  // `_serializeSource` is how the engine itself turns `source` into the `sourceContext` option.
  const engine = new Engine({ source: xml }) as unknown as {
    _serializeSource(source: string): Promise<SourceContext>;
  };
  return engine._serializeSource(xml);
}

type ServiceCallback = (error?: Error | null) => void;

/** bpmn-engine: execute, complete every service at once, signal the user task, wait for the end. */
export async function runBpmnEngineInstance(
  sourceContext: SourceContext,
  userTaskRounds: number,
): Promise<number> {
  let steps = 1;
  let rounds = 0;
  const listener = new EventEmitter();
  const engine = new Engine({
    sourceContext,
    services: {
      work: (_message: unknown, next: ServiceCallback) => {
        steps += 1;
        next();
      },
    },
  });
  listener.on('wait', (api: { environment: { variables: Record<string, unknown> }; signal(): void }) => {
    rounds += 1;
    steps += 1;
    api.environment.variables.again = rounds < userTaskRounds;
    api.signal();
  });
  const ended = new Promise<void>((resolve, reject) => {
    engine.once('end', () => resolve());
    engine.once('error', reject);
  });
  await engine.execute({ listener });
  await ended;
  return steps;
}

/** The serialised state of a bpmn-engine instance waiting at its first service task or user task. */
export async function bpmnEngineWaitingState(sourceContext: SourceContext): Promise<string> {
  // The service never calls back and nothing signals the user task: the instance stays waiting.
  const engine = new Engine({ sourceContext, services: { work: () => undefined } });
  await engine.execute({ listener: new EventEmitter() });
  const state = JSON.stringify(await engine.getState());
  engine.stop();
  return state;
}

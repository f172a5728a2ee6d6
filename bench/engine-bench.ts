/**
 * The engine benchmark: the three reference models (bench/engine-models.ts) through Caseflow's `apply`
 * and through the npm package bpmn-engine, in the same process and run. Reports instances per second,
 * microseconds per step and the serialised state size of a waiting instance for both, and the ratios.
 */
import { importModel } from '../shared/bpmn/index.js';
import {
  bpmnEngineSource,
  bpmnEngineWaitingState,
  caseflowWaitingState,
  runBpmnEngineInstance,
  runCaseflowInstance,
} from './engine-drivers.js';
import { engineBenchModels, type EngineBenchModel } from './engine-models.js';

export interface EngineTiming {
  readonly instances: number;
  readonly seconds: number;
  readonly stepsPerInstance: number;
  readonly instancesPerSecond: number;
  readonly microsecondsPerStep: number;
  readonly waitingStateBytes: number;
}

export interface EngineComparison {
  readonly model: string;
  readonly description: string;
  readonly caseflow: EngineTiming;
  readonly bpmnEngine: EngineTiming;
  /** Caseflow's instances per second over bpmn-engine's. */
  readonly speedup: number;
  /** bpmn-engine's waiting-state size over Caseflow's. */
  readonly stateSizeRatio: number;
}

/** Runs `runOne` once to warm up, then repeatedly until `minimumSeconds` have elapsed. */
async function time(
  runOne: () => number | Promise<number>,
  minimumSeconds: number,
): Promise<{ instances: number; seconds: number; steps: number }> {
  const steps = await runOne();
  let instances = 0;
  let seconds = 0;
  const started = process.hrtime.bigint();
  do {
    // A batch between clock reads keeps the timer out of what is measured.
    for (let batch = 0; batch < 50; batch += 1) {
      const result = runOne();
      if (result instanceof Promise) await result;
    }
    instances += 50;
    seconds = Number(process.hrtime.bigint() - started) / 1e9;
  } while (seconds < minimumSeconds);
  return { instances, seconds, steps };
}

function timing(
  measured: { instances: number; seconds: number; steps: number },
  waitingState: string,
): EngineTiming {
  const perSecond = measured.instances / measured.seconds;
  return {
    instances: measured.instances,
    seconds: round(measured.seconds, 3),
    stepsPerInstance: measured.steps,
    instancesPerSecond: round(perSecond, 1),
    microsecondsPerStep: round(1e6 / perSecond / measured.steps, 2),
    waitingStateBytes: Buffer.byteLength(waitingState),
  };
}

async function compare(model: EngineBenchModel, minimumSeconds: number): Promise<EngineComparison> {
  const imported = await importModel(model.xml('caseflow'));
  const graph = imported.graphs[0];
  if (!imported.valid || !graph)
    throw new Error(`${model.name} does not import: ${JSON.stringify(imported.diagnostics)}`);
  const caseflow = timing(
    await time(() => runCaseflowInstance(graph, model.userTaskRounds), minimumSeconds),
    caseflowWaitingState(graph),
  );
  const source = await bpmnEngineSource(model.xml('bpmn-engine'));
  const bpmnEngine = timing(
    await time(() => runBpmnEngineInstance(source, model.userTaskRounds), minimumSeconds),
    await bpmnEngineWaitingState(source),
  );
  if (caseflow.stepsPerInstance !== bpmnEngine.stepsPerInstance) {
    throw new Error(
      `${model.name}: the engines took ${caseflow.stepsPerInstance} and ${bpmnEngine.stepsPerInstance} steps`,
    );
  }
  return {
    model: model.name,
    description: model.description,
    caseflow,
    bpmnEngine,
    speedup: round(caseflow.instancesPerSecond / bpmnEngine.instancesPerSecond, 1),
    stateSizeRatio: round(bpmnEngine.waitingStateBytes / caseflow.waitingStateBytes, 1),
  };
}

export async function engineBenchmark(minimumSeconds: number): Promise<EngineComparison[]> {
  const results: EngineComparison[] = [];
  for (const model of engineBenchModels) results.push(await compare(model, minimumSeconds));
  return results;
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

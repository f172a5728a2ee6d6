/**
 * `npm run bench [-- import|engine|durable|cases [<count>] [<per second>] [<warm-up cases>]]`: import
 * throughput (read + parse + validate + compile) on the largest MIWG reference models and on generated
 * executable models, stage by stage; the engine benchmark (bench/engine-bench.ts) against bpmn-engine; Durable
 * throughput on the local host (bench/durable-bench.ts); and cases through the HTTP API on the local cloud
 * (bench/cases-bench.ts). Prints tables and writes the figures as JSON to
 * bench/results/<benchmark>-<timestamp>.json. Figures depend on the machine; compare runs on one machine.
 */
import { compileProcess } from '../shared/bpmn/compile/compile-process.js';
import { DiagnosticSink } from '../shared/bpmn/diagnostics.js';
import { importModel } from '../shared/bpmn/index.js';
import { indexModel } from '../shared/bpmn/model-index.js';
import { booleanProperty } from '../shared/bpmn/moddle-element.js';
import { parseDefinitions } from '../shared/bpmn/parse.js';
import { validationRules } from '../shared/bpmn/rules/index.js';
import { defaultImportLimits, readSource } from '../shared/bpmn/source.js';
import { generatedModel, largestReferenceModels, type BenchModel } from './bench-models.js';
import { casesBenchmark, defaultCasesBenchOptions } from './cases-bench.js';
import { defaultDurableBenchOptions, durableBenchmark } from './durable-bench.js';
import { engineBenchmark } from './engine-bench.js';
import { measure, type Measurement } from './measure.js';
import { writeResults } from './results-file.js';

const minimumSeconds = 2;

async function parsed(model: BenchModel) {
  const sink = new DiagnosticSink();
  const source = readSource(model.bytes, defaultImportLimits, sink);
  if (!source) throw new Error(`${model.name} cannot be read`);
  const result = await parseDefinitions(source.text, sink, defaultImportLimits.maxProblems);
  if (!result) throw new Error(`${model.name} cannot be parsed`);
  return result.definitions;
}

async function stages(label: string, models: readonly BenchModel[]): Promise<Measurement[]> {
  const indexed = await Promise.all(models.map(async (model) => indexModel(await parsed(model))));
  const executable = indexed.map((model) =>
    model.processes.filter((process) => booleanProperty(process, 'isExecutable') === true),
  );
  const byModel = new Map(models.map((model, position) => [model, position]));
  const at = (model: BenchModel) => byModel.get(model) ?? 0;
  return [
    await measure(
      `${label}: importModel (all stages)`,
      models,
      (model) => importModel(model.bytes),
      minimumSeconds,
    ),
    await measure(
      `${label}: read (size, encoding, DTD, depth, positions)`,
      models,
      (model) => readSource(model.bytes, defaultImportLimits, new DiagnosticSink()),
      minimumSeconds,
    ),
    await measure(`${label}: read + parse (bpmn-moddle)`, models, parsed, minimumSeconds),
    await measure(
      `${label}: validate (all rules)`,
      models,
      (model) => {
        const index = indexed[at(model)];
        if (!index) return;
        const sink = new DiagnosticSink();
        for (const rule of validationRules) rule.check({ model: index, sink });
      },
      minimumSeconds,
    ),
    await measure(
      `${label}: compile (executable processes)`,
      models,
      (model) => {
        const index = indexed[at(model)];
        if (!index) return;
        for (const process of executable[at(model)] ?? []) compileProcess(process, index);
      },
      minimumSeconds,
    ),
  ];
}

async function importBenchmark(): Promise<void> {
  const reference = largestReferenceModels(8);
  const generated = [generatedModel(100), generatedModel(1000)];
  const results = [
    ...(await stages('8 largest MIWG reference models', reference)),
    ...(await stages('generated executable models', generated)),
  ];
  const models = [...reference, ...generated].map((model) => ({
    name: model.name,
    bytes: model.bytes.length,
  }));
  const file = writeResults('import', { models, results });
  console.table(
    results.map(({ name, models, passes, modelsPerSecond, megabytesPerSecond, millisecondsPerModel }) => ({
      name,
      models,
      passes,
      'models/s': modelsPerSecond,
      'MB/s': megabytesPerSecond,
      'ms/model': millisecondsPerModel,
    })),
  );
  console.log(`Results written to ${file}`);
}

async function engineComparison(): Promise<void> {
  const results = await engineBenchmark(minimumSeconds);
  const file = writeResults('engine', { results });
  const rows = results.flatMap((result) => [
    { model: result.model, engine: 'caseflow', timing: result.caseflow },
    { model: result.model, engine: 'bpmn-engine', timing: result.bpmnEngine },
  ]);
  console.table(
    rows.map(({ model, engine, timing }) => ({
      model,
      engine,
      'instances/s': timing.instancesPerSecond,
      'µs/step': timing.microsecondsPerStep,
      'waiting state (bytes)': timing.waitingStateBytes,
    })),
  );
  console.table(results.map(({ model, speedup, stateSizeRatio }) => ({ model, speedup, stateSizeRatio })));
  console.log(`Results written to ${file}`);
}

async function durableThroughput(instances: number | undefined, perSecond?: number): Promise<void> {
  const options = {
    ...defaultDurableBenchOptions,
    ...(instances ? { sequentialInstances: instances } : {}),
    ...(perSecond ? { startsPerSecond: perSecond } : {}),
  };
  const results = await durableBenchmark(options);
  const file = writeResults('durable', { options, results });
  console.table(
    results.map((result) => ({
      scenario: result.scenario,
      'activities/s': result.activityCompletionsPerSecond,
      'step p50 (ms)': result.stepLatency.p50Ms,
      'step p99 (ms)': result.stepLatency.p99Ms,
      'round trip p50 (ms)': result.activityRoundTrip.p50Ms,
      'round trip p99 (ms)': result.activityRoundTrip.p99Ms,
    })),
  );
  console.log('Where the time went (ms, p50 / p99 per step or activity; host event-loop delay):');
  console.table(
    results.map(({ scenario, breakdown }) => {
      const pair = ({ p50Ms, p99Ms }: { p50Ms: number; p99Ms: number }) => `${p50Ms} / ${p99Ms}`;
      return {
        scenario,
        'orchestrator slot': pair(breakdown.orchestratorWait),
        orchestrator: pair(breakdown.orchestrator),
        write: pair(breakdown.write),
        'activity slot': pair(breakdown.activityWait),
        activity: pair(breakdown.activity),
        'event loop': pair(breakdown.eventLoopDelay),
      };
    }),
  );
  console.log(`Results written to ${file}`);
}

async function casesThroughput(
  cases: number | undefined,
  perSecond: number | undefined,
  warmUpCases: number | undefined,
): Promise<void> {
  const options = {
    ...defaultCasesBenchOptions,
    ...(cases ? { cases } : {}),
    ...(perSecond ? { startsPerSecond: perSecond } : {}),
    ...(warmUpCases ? { warmUpCases } : {}),
  };
  const result = await casesBenchmark(options);
  const file = writeResults('cases', { options, result });
  console.log(
    `${result.cases} cases at ${result.startsPerSecond} starts/s: ${result.casesPerSecond} cases/s ` +
      `(${result.seconds} s), load average ${result.loadAverage} on ${result.cpus} CPUs, ` +
      `CPU per case: platform ${result.cpuMsPerCase} ms, client ${result.clientCpuMsPerCase} ms ` +
      `(${result.cpuByProcess.map((entry) => `${entry.name} ${entry.cpuMs}`).join(', ')} ms in all)`,
  );
  const { warmUp } = result;
  console.log(
    `Warm-up from a cold start (not in the table): ${warmUp.cases} cases, ${warmUp.casesPerSecond} cases/s, ` +
      `task to next task p50 ${warmUp.taskToNextTask.p50Ms} ms, p99 ${warmUp.taskToNextTask.p99Ms} ms, ` +
      `CPU per case: platform ${warmUp.cpuMsPerCase} ms, client ${warmUp.clientCpuMsPerCase} ms`,
  );
  const hops = ['startToJob', 'jobToInbox', 'taskToJob', 'taskToNextTask', 'jobToCaseEnd'] as const;
  console.table([
    ...hops.map((hop) => ({ measure: hop, ...result[hop] })),
    ...Object.entries(result.requests).map(([request, figures]) => ({
      measure: `${request} request`,
      ...figures,
    })),
  ]);
  console.log(`Results written to ${file}`);
}

const benchmarks = {
  import: importBenchmark,
  engine: engineComparison,
  durable: durableThroughput,
  cases: casesThroughput,
};
const [only, ...numbers] = process.argv.slice(2);
const [count, perSecond, warmUpCases] = numbers.map(Number);
if (only !== undefined && !(only in benchmarks)) throw new Error(`Unknown benchmark ${only}`);
for (const [name, run] of Object.entries(benchmarks)) {
  if (only === undefined || only === name) await run(count, perSecond, warmUpCases);
}

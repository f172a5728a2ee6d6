/**
 * Times one operation over a set of models: a warm-up pass, then whole passes until a minimum time has
 * elapsed, reporting throughput in models and megabytes per second.
 */
import type { BenchModel } from './bench-models.js';

export interface Measurement {
  readonly name: string;
  readonly models: number;
  readonly bytes: number;
  readonly passes: number;
  readonly seconds: number;
  readonly modelsPerSecond: number;
  readonly megabytesPerSecond: number;
  readonly millisecondsPerModel: number;
}

export async function measure(
  name: string,
  models: readonly BenchModel[],
  operation: (model: BenchModel) => Promise<unknown> | unknown,
  minimumSeconds: number,
): Promise<Measurement> {
  for (const model of models) await operation(model);
  const bytesPerPass = models.reduce((sum, model) => sum + model.bytes.length, 0);
  let passes = 0;
  const started = process.hrtime.bigint();
  let seconds = 0;
  do {
    for (const model of models) await operation(model);
    passes += 1;
    seconds = Number(process.hrtime.bigint() - started) / 1e9;
  } while (seconds < minimumSeconds);
  const modelCount = models.length * passes;
  return {
    name,
    models: models.length,
    bytes: bytesPerPass,
    passes,
    seconds: round(seconds, 3),
    modelsPerSecond: round(modelCount / seconds, 1),
    megabytesPerSecond: round((bytesPerPass * passes) / 1e6 / seconds, 2),
    millisecondsPerModel: round((seconds * 1000) / modelCount, 2),
  };
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

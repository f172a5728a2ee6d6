/** Writes a benchmark's figures, with the machine they came from, to bench/results/<name>-<timestamp>.json. */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Returns the written file's path relative to the working directory. */
export function writeResults(benchmark: string, figures: Record<string, unknown>): string {
  const report = {
    benchmark,
    date: new Date().toISOString(),
    machine: {
      node: process.version,
      platform: process.platform,
      arch: process.arch,
      cpus: os.cpus().length,
      cpu: os.cpus()[0]?.model,
    },
    ...figures,
  };
  // Compiled to dist/bench/: the results directory is two levels up, in the source tree.
  const directory = path.resolve(
    path.dirname(fileURLToPath(import.meta.url)),
    '..',
    '..',
    'bench',
    'results',
  );
  mkdirSync(directory, { recursive: true });
  const file = path.join(directory, `${benchmark}-${report.date.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  return path.relative(process.cwd(), file);
}

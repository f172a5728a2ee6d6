/**
 * `caseflow run <model.bpmn> [--process <id>] [--with <id>]... [--vars <json> | --vars @<file>]
 * [--scenario <file.json>] [--json]`: runs the model in-process on a virtual clock (see docs/engine.md).
 * Exit 0 when the run finished in any state, 2 when the model is invalid (the `validate --json` report on
 * stdout), 1 on bad usage or an internal error.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { importModel } from '../../shared/bpmn/index.js';
import { readSetting } from '../../shared/config/registry.js';
import type { Variables } from '../../shared/engine/state.js';
import type { RunResult } from '../../shared/runner/run-result.js';
import { runScenario } from '../../shared/runner/run-scenario.js';
import { parseScenario } from '../../shared/runner/scenario.js';
import { UsageError, type Command } from '../command.js';
import { validateFiles } from './validate.js';

export const runCommand: Command = {
  name: 'run',
  summary: 'Run a BPMN model in memory on a virtual clock, following an optional scenario.',
  usage:
    'caseflow run <model.bpmn> [--process <id>] [--with <id>]... [--vars <json> | --vars @<file>] [--scenario <file.json>] [--json]',
  async run(args, io) {
    const { values, positionals } = parseCliArgs(args);
    if (values.help) {
      io.out(`usage: ${this.usage}\n`);
      return 0;
    }
    const [file, ...extra] = positionals;
    if (file === undefined || extra.length > 0) throw new UsageError('name exactly one BPMN file');
    const variables = await readVariables(values.vars);
    const scenario = await readScenario(values.scenario);
    const [report] = await validateFiles([file]);
    if (!report?.valid) {
      io.out(`${JSON.stringify({ files: report ? [report] : [] }, null, 2)}\n`);
      return 2;
    }
    const imported = await importModel(await readFile(file), {
      limits: { maxBytes: readSetting('maxModelBytes') },
    });
    let result: RunResult;
    try {
      result = runScenario({
        graphs: imported.graphs,
        ...(values.process !== undefined ? { process: values.process } : {}),
        with: values.with ?? [],
        variables,
        scenario,
      });
    } catch (thrown) {
      throw new UsageError((thrown as Error).message);
    }
    io.out(values.json ? `${JSON.stringify(result, null, 2)}\n` : formatResult(result));
    return 0;
  },
};

function formatResult(result: RunResult): string {
  const lines = result.trace.map(
    (entry) => `${entry.at}  ${entry.process}  ${entry.element} (${entry.type}) ${entry.event}`,
  );
  lines.push(`${result.process}: ${result.state}${result.stopped ? ` (stopped: ${result.stopped})` : ''}`);
  for (const incident of result.incidents)
    lines.push(`incident at ${incident.element}: ${incident.code}: ${incident.message}`);
  if (result.error)
    lines.push(`error ${result.error.code}${result.error.message ? `: ${result.error.message}` : ''}`);
  lines.push(`variables: ${JSON.stringify(result.variables)}`);
  return `${lines.join('\n')}\n`;
}

async function readJsonArgument(value: string, what: string): Promise<unknown> {
  let text = value;
  if (value.startsWith('@')) {
    try {
      text = await readFile(value.slice(1), 'utf8');
    } catch (thrown) {
      throw new UsageError(
        `cannot read ${what} file ${value.slice(1)} (${(thrown as NodeJS.ErrnoException).code ?? 'unreadable'})`,
      );
    }
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (thrown) {
    throw new UsageError(`${what} is not JSON: ${(thrown as Error).message}`);
  }
}

async function readVariables(value: string | undefined): Promise<Variables> {
  if (value === undefined) return {};
  const parsed = await readJsonArgument(value, '--vars');
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new UsageError('--vars must be a JSON object');
  }
  return parsed as Variables;
}

async function readScenario(file: string | undefined) {
  if (file === undefined) return parseScenario({});
  const parsed = await readJsonArgument(`@${file}`, '--scenario');
  try {
    return parseScenario(parsed);
  } catch (thrown) {
    throw new UsageError(`invalid scenario: ${(thrown as Error).message}`);
  }
}

function parseCliArgs(args: readonly string[]) {
  try {
    return parseArgs({
      args: [...args],
      allowPositionals: true,
      options: {
        process: { type: 'string' },
        with: { type: 'string', multiple: true },
        vars: { type: 'string' },
        scenario: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (thrown) {
    throw new UsageError((thrown as Error).message);
  }
}

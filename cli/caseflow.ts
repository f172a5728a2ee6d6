#!/usr/bin/env node
/**
 * The `caseflow` command line: one subcommand per file under cli/commands/.
 * Exit codes: 0 success, 2 the input was rejected (e.g. an invalid model), 1 internal failure or bad usage.
 */
import { ensureError } from '../shared/errors/caseflow-error.js';
import { commands } from './commands/index.js';
import { UsageError, type CommandIo } from './command.js';

const io: CommandIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

async function main(argv: readonly string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    io.out(helpText());
    return 0;
  }
  const command = commands.find((candidate) => candidate.name === name);
  if (!command) {
    io.err(`caseflow: unknown command "${name}"\n\n${helpText()}`);
    return 1;
  }
  try {
    return await command.run(args, io);
  } catch (thrown) {
    if (thrown instanceof UsageError) {
      io.err(`caseflow ${command.name}: ${thrown.message}\nusage: ${command.usage}\n`);
      return 1;
    }
    io.err(`caseflow ${command.name}: internal error: ${ensureError(thrown).stack ?? String(thrown)}\n`);
    return 1;
  }
}

function helpText(): string {
  const width = Math.max(...commands.map((command) => command.name.length));
  const lines = commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`);
  return `caseflow: process automation on Azure Functions\n\nCommands:\n${lines.join('\n')}\n\nRun "caseflow <command> --help" for a command's options.\n`;
}

process.exitCode = await main(process.argv.slice(2));

/**
 * `caseflow validate <files...> [--json]`: import each BPMN file and print its diagnostics.
 * Exit 0 when no file has errors (warnings allowed), 2 when any file has an error, 1 on internal failure.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { importModel, type Diagnostic } from '../../shared/bpmn/index.js';
import { readSetting } from '../../shared/config/registry.js';
import { UsageError, type Command } from '../command.js';

export interface FileReport {
  readonly file: string;
  readonly valid: boolean;
  readonly diagnostics: readonly Diagnostic[];
}

export async function validateFiles(files: readonly string[]): Promise<FileReport[]> {
  const maxBytes = readSetting('maxModelBytes');
  const reports: FileReport[] = [];
  for (const file of files) {
    let bytes: Uint8Array;
    try {
      bytes = await readFile(file);
    } catch (thrown) {
      const reason = (thrown as NodeJS.ErrnoException).code ?? 'unreadable';
      reports.push({
        file,
        valid: false,
        diagnostics: [
          { severity: 'error', code: 'xml.unreadable-file', message: `Cannot read the file (${reason}).` },
        ],
      });
      continue;
    }
    const result = await importModel(bytes, { limits: { maxBytes } });
    reports.push({ file, valid: result.valid, diagnostics: result.diagnostics });
  }
  return reports;
}

export function formatDiagnostic(file: string, diagnostic: Diagnostic): string {
  const position = diagnostic.line !== undefined ? `:${diagnostic.line}:${diagnostic.column ?? 1}` : '';
  const element = diagnostic.element !== undefined ? ` [${diagnostic.element}]` : '';
  return `${file}${position}: ${diagnostic.severity} ${diagnostic.code}: ${diagnostic.message}${element}`;
}

export const validateCommand: Command = {
  name: 'validate',
  summary: 'Check BPMN 2.0 files and print every problem found.',
  usage: 'caseflow validate <files...> [--json]',
  async run(args, io) {
    const { values, positionals } = parseCliArgs(args);
    if (values.help) {
      io.out(`usage: ${this.usage}\n`);
      return 0;
    }
    if (positionals.length === 0) throw new UsageError('name at least one BPMN file');
    const reports = await validateFiles(positionals);
    if (values.json) {
      io.out(`${JSON.stringify({ files: reports }, null, 2)}\n`);
    } else {
      for (const report of reports) {
        for (const diagnostic of report.diagnostics) io.out(`${formatDiagnostic(report.file, diagnostic)}\n`);
        io.out(`${report.file}: ${report.valid ? 'valid' : 'invalid'}\n`);
      }
    }
    return reports.every((report) => report.valid) ? 0 : 2;
  },
};

function parseCliArgs(args: readonly string[]) {
  try {
    return parseArgs({
      args: [...args],
      allowPositionals: true,
      options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (thrown) {
    throw new UsageError((thrown as Error).message);
  }
}

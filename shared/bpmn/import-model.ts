/**
 * The importer's entry point: bytes in, diagnostics and compiled process graphs out. Bad input is always a
 * diagnostic, never an exception; an exception from here is a Caseflow bug.
 */
import { compileProcess } from './compile/compile-process.js';
import { DiagnosticSink, sortDiagnostics, type Diagnostic } from './diagnostics.js';
import type { ProcessGraph } from './graph.js';
import { indexModel } from './model-index.js';
import { booleanProperty } from './moddle-element.js';
import { parseDefinitions } from './parse.js';
import { validationRules } from './rules/index.js';
import { defaultImportLimits, readSource, type ImportLimits } from './source.js';

export interface ImportResult {
  /** True when no diagnostic is an error. */
  readonly valid: boolean;
  readonly diagnostics: readonly Diagnostic[];
  /** One graph per executable process; empty unless the model is valid. */
  readonly graphs: readonly ProcessGraph[];
}

export interface ImportOptions {
  readonly limits?: Partial<ImportLimits>;
}

export async function importModel(
  input: Uint8Array | string,
  options: ImportOptions = {},
): Promise<ImportResult> {
  const limits = { ...defaultImportLimits, ...options.limits };
  const readSink = new DiagnosticSink();
  const source = readSource(input, limits, readSink);
  if (!source) return finish(readSink.diagnostics, []);
  const sink = new DiagnosticSink(source.positionOf);
  sink.diagnostics.push(...readSink.diagnostics);
  const parsed = await parseDefinitions(source.text, sink, limits.maxProblems);
  if (!parsed) return finish(sink.diagnostics, []);
  const model = indexModel(parsed.definitions);
  for (const rule of validationRules) rule.check({ model, sink });
  const graphs = sink.hasErrors()
    ? []
    : model.processes
        .filter((process) => booleanProperty(process, 'isExecutable') === true)
        .map((process) => compileProcess(process, model));
  return finish(sink.diagnostics, graphs);
}

function finish(diagnostics: readonly Diagnostic[], graphs: readonly ProcessGraph[]): ImportResult {
  return {
    valid: !diagnostics.some((diagnostic) => diagnostic.severity === 'error'),
    diagnostics: sortDiagnostics(diagnostics),
    graphs,
  };
}

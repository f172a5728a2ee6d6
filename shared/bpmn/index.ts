/** BPMN import: read, validate and compile BPMN 2.0 XML into process graphs. */
export { importModel, type ImportOptions, type ImportResult } from './import-model.js';
export type { Diagnostic, Severity } from './diagnostics.js';
export { isSpecLevel } from './diagnostics.js';
export { diagnosticCodes, type DiagnosticCode, type DiagnosticLevel } from './diagnostic-codes.js';
export type * from './graph.js';
export { defaultImportLimits, type ImportLimits } from './source.js';

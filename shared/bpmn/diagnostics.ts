/**
 * Diagnostics: what the importer tells a designer about a model. Every code is declared once in
 * `diagnostic-codes.ts` with its level, so reports can separate what breaks the BPMN specification
 * (`spec`) from what only stops Caseflow executing a valid model (`caseflow`).
 */
import { diagnosticCodes, type DiagnosticCode } from './diagnostic-codes.js';

export type Severity = 'error' | 'warning' | 'info';

export interface Diagnostic {
  readonly severity: Severity;
  readonly code: DiagnosticCode;
  readonly message: string;
  /** Id of the BPMN element the diagnostic is about, when there is one. */
  readonly element?: string;
  /** 1-based position in the XML source, when known. */
  readonly line?: number;
  readonly column?: number;
}

export interface SourcePosition {
  readonly line: number;
  readonly column: number;
}

/** Collects diagnostics and fills in positions of elements from the source's position index. */
export class DiagnosticSink {
  readonly diagnostics: Diagnostic[] = [];

  constructor(
    private readonly positionOf: (elementId: string) => SourcePosition | undefined = () => undefined,
  ) {}

  report(
    code: DiagnosticCode,
    message: string,
    at: { element?: string; position?: SourcePosition; severity?: Severity } = {},
  ): void {
    const position = at.position ?? (at.element !== undefined ? this.positionOf(at.element) : undefined);
    this.diagnostics.push({
      severity: at.severity ?? diagnosticCodes[code].severity,
      code,
      message,
      ...(at.element !== undefined ? { element: at.element } : {}),
      ...(position ? { line: position.line, column: position.column } : {}),
    });
  }

  hasErrors(): boolean {
    return this.diagnostics.some((diagnostic) => diagnostic.severity === 'error');
  }
}

export function isSpecLevel(diagnostic: Diagnostic): boolean {
  const level = diagnosticCodes[diagnostic.code].level;
  return level === 'spec' || level === 'xml';
}

/** Stable order for reports: by position, then code, so the same model always reports the same way. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) =>
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.column ?? 0) - (b.column ?? 0) ||
      a.code.localeCompare(b.code) ||
      (a.element ?? '').localeCompare(b.element ?? '') ||
      a.message.localeCompare(b.message),
  );
}

/**
 * A validation rule reads the indexed model and reports diagnostics; rules never throw for bad input and
 * never stop other rules, so a designer sees every problem at once.
 */
import type { DiagnosticSink } from '../diagnostics.js';
import type { ModelIndex } from '../model-index.js';

export interface RuleContext {
  readonly model: ModelIndex;
  readonly sink: DiagnosticSink;
}

export interface ValidationRule {
  /** Short kebab-case name, for docs and for tracing which rule reported what. */
  readonly name: string;
  check(context: RuleContext): void;
}

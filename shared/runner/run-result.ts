/** The result of `caseflow run --json`; its JSON Schema is docs/run-result.schema.json. */
import type { JsonValue } from '../expressions/json-value.js';

export interface TraceEntry {
  readonly process: string;
  readonly element: string;
  readonly type: string;
  readonly name?: string;
  readonly event: 'completed' | 'terminated' | 'cancelled';
  readonly instance?: number;
  readonly multiInstanceBody?: boolean;
  readonly at: string;
}

export interface RunResult {
  readonly process: string;
  readonly state: 'completed' | 'active' | 'incident' | 'failed' | 'terminated';
  readonly stopped?: 'maxSteps';
  readonly trace: readonly TraceEntry[];
  readonly variables: Readonly<Record<string, JsonValue>>;
  readonly incidents: readonly {
    readonly element: string;
    readonly code: string;
    readonly message: string;
  }[];
  readonly error?: { readonly code: string; readonly message?: string };
}

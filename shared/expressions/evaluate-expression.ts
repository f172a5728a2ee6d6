/** Evaluates a compiled model expression in whatever language the model used (see shared/bpmn/graph.ts). */
import type { Expression } from '../bpmn/graph.js';
import { evaluateFeel, type EvaluationOutcome } from './feel-evaluate.js';
import { evaluateJuel } from './juel-evaluate.js';

export type { EvaluationOutcome } from './feel-evaluate.js';

export function evaluateExpression(
  expression: Expression,
  variables: Readonly<Record<string, unknown>>,
  now: string,
): EvaluationOutcome {
  switch (expression.language) {
    case 'feel':
      return evaluateFeel(expression.source, variables, now);
    case 'juel':
      return evaluateJuel(expression.source, variables);
    case 'literal':
      return { ok: true, value: expression.source };
    case 'foreign':
      return {
        ok: false,
        message: `Expressions in "${expression.declaredLanguage ?? 'unknown'}" are not supported: ${expression.source}`,
      };
  }
}

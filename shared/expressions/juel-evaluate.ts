/**
 * Evaluates Camunda 7 JUEL (`${...}`) for the engine: exactly the subset `parseJuelSubset` accepts, the same
 * parser the importer checks expressions with, so whatever imports without a JUEL warning also runs. Anything
 * outside it (`&&`, arithmetic, method calls, beans) is reported, so the engine raises an incident instead of
 * guessing.
 */
import type { EvaluationOutcome } from './feel-evaluate.js';
import type { JsonValue } from './json-value.js';
import { parseJuelSubset, type JuelComparisonOperator, type JuelOperand } from './juel-subset.js';

type Resolved =
  { readonly ok: true; readonly value: JsonValue } | { readonly ok: false; readonly message: string };

function resolve(operand: JuelOperand, variables: Readonly<Record<string, unknown>>): Resolved {
  if (operand.kind === 'literal') return { ok: true, value: operand.value };
  let value: unknown = variables;
  for (const part of operand.path) {
    if (value === null || typeof value !== 'object' || !(part in value)) {
      return { ok: false, message: `unknown property used in expression: ${operand.path.join('.')}` };
    }
    value = (value as Record<string, unknown>)[part];
  }
  return { ok: true, value: value as JsonValue };
}

function compare(left: JsonValue, operator: JuelComparisonOperator, right: JsonValue): Resolved {
  if (operator === '==') return { ok: true, value: JSON.stringify(left) === JSON.stringify(right) };
  if (operator === '!=') return { ok: true, value: JSON.stringify(left) !== JSON.stringify(right) };
  if (typeof left !== typeof right || (typeof left !== 'number' && typeof left !== 'string')) {
    return { ok: false, message: `cannot compare ${JSON.stringify(left)} and ${JSON.stringify(right)}` };
  }
  const [a, b] = [left as number | string, right as number | string];
  return {
    ok: true,
    value: operator === '<' ? a < b : operator === '<=' ? a <= b : operator === '>' ? a > b : a >= b,
  };
}

function evaluateSubset(source: string, variables: Readonly<Record<string, unknown>>): Resolved {
  const expression = parseJuelSubset(source);
  if (!expression) {
    return { ok: false, message: 'outside the subset Caseflow runs (see docs/expressions.md)' };
  }
  if (expression.kind === 'operand') {
    const operand = resolve(expression.operand, variables);
    return operand.ok && expression.negated ? { ok: true, value: operand.value !== true } : operand;
  }
  const left = resolve(expression.left, variables);
  if (!left.ok) return left;
  const right = resolve(expression.right, variables);
  if (!right.ok) return right;
  return compare(left.value, expression.operator, right.value);
}

export function evaluateJuel(
  source: string,
  variables: Readonly<Record<string, unknown>>,
): EvaluationOutcome {
  const outcome = evaluateSubset(source, variables);
  return outcome.ok ? outcome : { ok: false, message: `JUEL: ${outcome.message} in ${source}` };
}

/**
 * Turns a connector response into the job's outcome, by the task headers the model declares:
 *
 * - `caseflow.errorMapping`: `404:NOT_FOUND, 409:CONFLICT, 4xx:CLIENT_ERROR` — statuses (or a class such as
 *   `4xx`) thrown as BPMN errors with that code; an exact status wins over its class.
 * - `caseflow.resultVariable`: the variable that receives `{ status, headers, body }`.
 * - `caseflow.resultExpression`: FEEL over the job's variables and `response` (`{ status, headers, body }`)
 *   whose result, a context, becomes variables (`={ customerName: response.body.name }`).
 *
 * A 2xx completes the job; an unmapped 5xx, 408 or 429 is a retryable failure; any other unmapped status is
 * a failure that goes straight to an incident (retrying cannot change the answer).
 */
import type { Variables } from '../engine/index.js';
import { evaluateFeel } from '../expressions/feel-evaluate.js';
import { JobFailure } from '../jobs/job-failure.js';
import type { JobOutcome } from '../jobs/job-handler.js';
import type { ConnectorResponse } from './connector-client.js';

export const errorMappingHeader = 'caseflow.errorMapping';
export const resultVariableHeader = 'caseflow.resultVariable';
export const resultExpressionHeader = 'caseflow.resultExpression';

export type ErrorMapping = ReadonlyMap<string, string>;

const errorCodePattern = /^[A-Za-z0-9_.:-]{1,128}$/;

/** The mapping a header declares, or the first problem with it. */
export function parseErrorMapping(text: string | undefined): { mapping: ErrorMapping } | { problem: string } {
  const mapping = new Map<string, string>();
  for (const rule of (text ?? '').split(',')) {
    if (rule.trim() === '') continue;
    const [status = '', code = '', ...rest] = rule.split(':').map((part) => part.trim());
    if (!/^[1-5](\d\d|xx)$/.test(status) || !errorCodePattern.test(code) || rest.length > 0) {
      return { problem: `${errorMappingHeader} rule "${rule.trim()}" is not <status or 4xx>:<ERROR_CODE>` };
    }
    mapping.set(status, code);
  }
  return { mapping };
}

export function mapResponse(
  response: ConnectorResponse,
  taskHeaders: Readonly<Record<string, string>>,
  variables: Readonly<Record<string, unknown>>,
  now: string,
  name: string,
): JobOutcome {
  const parsed = parseErrorMapping(taskHeaders[errorMappingHeader]);
  if ('problem' in parsed) throw new JobFailure(`${name}: ${parsed.problem}`, false);
  const status = response.status;
  const code = parsed.mapping.get(String(status)) ?? parsed.mapping.get(`${String(status)[0]}xx`);
  if (code !== undefined) return { kind: 'bpmnError', code, message: `${name} answered HTTP ${status}` };
  if (status >= 200 && status < 300)
    return { kind: 'complete', variables: resultVariables(response, taskHeaders, variables, now, name) };
  const retryable = status >= 500 || status === 408 || status === 429;
  throw new JobFailure(`${name} answered HTTP ${status}`, retryable);
}

function resultVariables(
  response: ConnectorResponse,
  taskHeaders: Readonly<Record<string, string>>,
  variables: Readonly<Record<string, unknown>>,
  now: string,
  name: string,
): Variables {
  const result = { status: response.status, headers: response.headers, body: response.body };
  const mapped: Record<string, unknown> = {};
  const resultVariable = taskHeaders[resultVariableHeader]?.trim();
  if (resultVariable) mapped[resultVariable] = result;
  const expression = taskHeaders[resultExpressionHeader]?.trim().replace(/^=/, '');
  if (expression) {
    const value = evaluateFeel(expression, { ...variables, response: result }, now);
    if (!value.ok) throw new JobFailure(`${name}: ${resultExpressionHeader}: ${value.message}`, false);
    if (typeof value.value !== 'object' || value.value === null || Array.isArray(value.value)) {
      throw new JobFailure(`${name}: ${resultExpressionHeader} must give a context (variable: value)`, false);
    }
    Object.assign(mapped, value.value);
  }
  return mapped as Variables;
}

/**
 * The scenario a `caseflow run` follows: how jobs and user tasks answer, which messages and signals arrive,
 * and the virtual clock. Parsed from untrusted JSON into a checked shape; problems come back as text.
 */
import type { Variables } from '../engine/state.js';

export type Step =
  | { readonly complete: { readonly vars?: Variables } }
  | { readonly error: { readonly code: string; readonly message?: string } }
  | { readonly fail: { readonly message: string } };

export interface ScenarioMessage {
  readonly name: string;
  readonly correlationKey?: string;
  readonly vars?: Variables;
  readonly after?: string;
}

export interface Scenario {
  readonly jobs: Readonly<Record<string, readonly Step[]>>;
  readonly userTasks: Readonly<Record<string, readonly Step[]>>;
  readonly messages: readonly ScenarioMessage[];
  readonly signals: readonly { readonly name: string; readonly after?: string }[];
  readonly clockStart: string;
  readonly maxSteps: number;
}

export const defaultClockStart = '2000-01-01T00:00:00Z';
export const defaultMaxSteps = 10000;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function parseSteps(value: unknown, where: string): Step[] {
  if (!Array.isArray(value) || value.length === 0)
    throw new Error(`${where} must be a non-empty list of steps`);
  return value.map((step, index) => {
    const at = `${where}[${index}]`;
    if (!isObject(step)) throw new Error(`${at} must be an object`);
    if (isObject(step.complete)) {
      const vars = step.complete.vars;
      if (vars !== undefined && !isObject(vars)) throw new Error(`${at}.complete.vars must be an object`);
      return { complete: vars === undefined ? {} : { vars: vars as Variables } };
    }
    if (isObject(step.error) && typeof step.error.code === 'string') {
      const message = step.error.message;
      return { error: { code: step.error.code, ...(typeof message === 'string' ? { message } : {}) } };
    }
    if (isObject(step.fail) && typeof step.fail.message === 'string')
      return { fail: { message: step.fail.message } };
    throw new Error(`${at} must be {"complete": {...}}, {"error": {"code"}} or {"fail": {"message"}}`);
  });
}

function parseStepTable(value: unknown, where: string): Record<string, Step[]> {
  if (value === undefined) return {};
  if (!isObject(value)) throw new Error(`${where} must be an object`);
  return Object.fromEntries(
    Object.entries(value).map(([key, steps]) => [key, parseSteps(steps, `${where}.${key}`)]),
  );
}

function optionalString(value: unknown, where: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new Error(`${where} must be a string`);
  return value;
}

/** Reads a scenario; throws an Error whose message says what is wrong. */
export function parseScenario(value: unknown): Scenario {
  if (!isObject(value)) throw new Error('the scenario must be a JSON object');
  const messages = (value.messages ?? []) as unknown;
  const signals = (value.signals ?? []) as unknown;
  if (!Array.isArray(messages)) throw new Error('messages must be a list');
  if (!Array.isArray(signals)) throw new Error('signals must be a list');
  const clock = value.clock ?? {};
  if (!isObject(clock)) throw new Error('clock must be an object');
  const clockStart = optionalString(clock.start, 'clock.start') ?? defaultClockStart;
  if (Number.isNaN(Date.parse(clockStart))) throw new Error('clock.start must be an ISO 8601 date-time');
  const maxSteps = value.maxSteps ?? defaultMaxSteps;
  if (typeof maxSteps !== 'number' || !Number.isInteger(maxSteps) || maxSteps < 1) {
    throw new Error('maxSteps must be a positive integer');
  }
  return {
    jobs: parseStepTable(value.jobs, 'jobs'),
    userTasks: parseStepTable(value.userTasks, 'userTasks'),
    messages: messages.map((message: unknown, index) => {
      if (!isObject(message) || typeof message.name !== 'string')
        throw new Error(`messages[${index}].name is required`);
      if (message.vars !== undefined && !isObject(message.vars))
        throw new Error(`messages[${index}].vars must be an object`);
      const correlationKey = optionalString(message.correlationKey, `messages[${index}].correlationKey`);
      const after = optionalString(message.after, `messages[${index}].after`);
      return {
        name: message.name,
        ...(correlationKey !== undefined ? { correlationKey } : {}),
        ...(message.vars !== undefined ? { vars: message.vars as Variables } : {}),
        ...(after !== undefined ? { after } : {}),
      };
    }),
    signals: signals.map((signal: unknown, index) => {
      if (!isObject(signal) || typeof signal.name !== 'string')
        throw new Error(`signals[${index}].name is required`);
      const after = optionalString(signal.after, `signals[${index}].after`);
      return { name: signal.name, ...(after !== undefined ? { after } : {}) };
    }),
    clockStart: new Date(clockStart).toISOString(),
    maxSteps,
  };
}

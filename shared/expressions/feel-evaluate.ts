/**
 * FEEL evaluation for the engine, through feelin, with the engine's clock: `now()` and `today()` are bound
 * to the `now` the caller passes, never the wall clock. Syntax is checked once per expression text and
 * cached, so a malformed expression costs one parse however often it runs.
 */
import { FeelFunction, date, dateAndTime, evaluate, parseExpression } from 'feelin';
import { toJsonValue, type JsonValue } from './json-value.js';

export type EvaluationOutcome =
  { readonly ok: true; readonly value: JsonValue } | { readonly ok: false; readonly message: string };

const syntaxErrors = new Map<string, string | undefined>();
const syntaxCacheLimit = 2000;

function syntaxError(source: string): string | undefined {
  if (syntaxErrors.has(source)) return syntaxErrors.get(source);
  let message: string | undefined;
  const tree = parseExpression(source, {}, undefined);
  tree.iterate({
    enter(node) {
      if (message === undefined && node.type.isError) message = `FEEL syntax error at ${node.from}`;
    },
  });
  if (syntaxErrors.size >= syntaxCacheLimit) syntaxErrors.clear();
  syntaxErrors.set(source, message);
  return message;
}

/** The clock functions FEEL sees, derived from the engine time (UTC). */
function clockContext(now: string): Record<string, unknown> {
  const instant = now.replace(/\.\d+Z$/, 'Z');
  return {
    now: new FeelFunction(() => dateAndTime(instant), []),
    today: new FeelFunction(() => date(instant.slice(0, 10)), []),
  };
}

export function evaluateFeel(
  source: string,
  variables: Readonly<Record<string, unknown>>,
  now: string,
): EvaluationOutcome {
  if (source.trim() === '') return { ok: false, message: 'The expression is empty.' };
  const syntax = syntaxError(source);
  if (syntax !== undefined) return { ok: false, message: `${syntax}: ${source}` };
  try {
    const result = evaluate(source, { ...variables, ...clockContext(now) });
    return { ok: true, value: toJsonValue(result.value) };
  } catch (thrown) {
    return { ok: false, message: `FEEL evaluation failed: ${(thrown as Error).message}` };
  }
}

/**
 * FEEL evaluation for the engine, through feelin, with the engine's clock: `now()` and `today()` are bound
 * to the `now` the caller passes, never the wall clock.
 *
 * feelin's `evaluate` parses on every call (~0.4 ms for a small condition). Its public API has no way to run
 * a parsed tree, so each expression is compiled once into a FEEL function whose parameters are the
 * variables it reads (`function(amount, items) <expression>`) and then only invoked (~60x faster).
 * Names bound inside the expression (`for x in`, filters, contexts) shadow those parameters, and names the
 * caller does not define are left out so builtins such as `sum` still resolve.
 */
import { FeelFunction, date, dateAndTime, evaluate, parseExpression } from 'feelin';
import { checkFeelExpression } from './feel-syntax.js';
import { toJsonValue, type JsonValue } from './json-value.js';

export type EvaluationOutcome =
  { readonly ok: true; readonly value: JsonValue } | { readonly ok: false; readonly message: string };

interface Parsed {
  readonly syntaxError?: string;
  /** Every name the expression reads as a variable, in order of appearance. */
  readonly names: readonly string[];
}

interface Compiled {
  readonly fn: FeelFunction;
  /** The warnings list feelin keeps for the function's lifetime: emptied after each call. */
  readonly warnings: unknown[];
}

const cacheLimit = 2000;
const parsedCache = new Map<string, Parsed>();
const compiledCache = new Map<string, Compiled | undefined>();
const clockNames = new Set(['now', 'today']);

function remember<K, V>(cache: Map<K, V>, key: K, value: V): V {
  if (cache.size >= cacheLimit) cache.clear();
  cache.set(key, value);
  return value;
}

/** Syntax is judged by the importer's own check, so what imports without a FEEL error also parses here. */
function parse(source: string): Parsed {
  const cached = parsedCache.get(source);
  if (cached) return cached;
  const syntax = checkFeelExpression(source);
  if (!syntax.valid) {
    return remember(parsedCache, source, {
      syntaxError: `FEEL syntax error at ${syntax.errorOffset ?? 0}`,
      names: [],
    });
  }
  const names: string[] = [];
  parseExpression(source, {}, undefined).iterate({
    enter(node) {
      if (node.type.name === 'VariableName') {
        const name = source.slice(node.from, node.to);
        if (!names.includes(name)) names.push(name);
      }
    },
  });
  return remember(parsedCache, source, { names });
}

function compile(source: string, parameters: readonly string[]): Compiled | undefined {
  const key = `${parameters.join('\u0000')}\u0001${source}`;
  if (compiledCache.has(key)) return compiledCache.get(key);
  let compiled: Compiled | undefined;
  try {
    const result = evaluate(`function(${parameters.join(', ')}) ${source}`, {});
    if (result.value instanceof FeelFunction) compiled = { fn: result.value, warnings: result.warnings };
  } catch {
    compiled = undefined;
  }
  return remember(compiledCache, key, compiled);
}

/** The clock functions FEEL sees, derived from the engine time (UTC). */
function clockFunctions(now: string): Record<string, FeelFunction> {
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
  const parsed = parse(source);
  if (parsed.syntaxError !== undefined) return { ok: false, message: `${parsed.syntaxError}: ${source}` };
  const clock = clockFunctions(now);
  try {
    // Variable names with spaces need feelin's parse-time context tracking: no compiled form for those.
    const simpleNames = Object.keys(variables).every((name) => !/\s/.test(name));
    const parameters = parsed.names.filter((name) => clockNames.has(name) || Object.hasOwn(variables, name));
    const compiled = simpleNames ? compile(source, parameters) : undefined;
    if (!compiled)
      return { ok: true, value: toJsonValue(evaluate(source, { ...variables, ...clock }).value) };
    const value: unknown = compiled.fn.invoke(
      parameters.map((name) => (Object.hasOwn(clock, name) ? clock[name] : variables[name])),
    );
    compiled.warnings.length = 0;
    return { ok: true, value: toJsonValue(value) };
  } catch (thrown) {
    return { ok: false, message: `FEEL evaluation failed: ${(thrown as Error).message}` };
  }
}

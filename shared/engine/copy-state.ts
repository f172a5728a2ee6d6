/**
 * A deep copy of the engine state, so `apply` never changes its input. The state is plain JSON (objects,
 * arrays, strings, numbers, booleans, null), so a direct recursive copy gives what
 * `JSON.parse(JSON.stringify(state))` gives, several times faster: the round trip through text was most
 * of the cost of a step (see docs/benchmarks.md).
 */
import type { EngineState } from './state.js';

export function copyState(state: EngineState): EngineState {
  return copyJson(state) as EngineState;
}

function copyJson(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(copyJson);
  const copy: Record<string, unknown> = {};
  for (const key in value) {
    // Like JSON.stringify, undefined properties are left out.
    const field = (value as Record<string, unknown>)[key];
    if (field === undefined) continue;
    // A variable may be called __proto__ (JSON.parse makes it an own property); assigning would not.
    if (key === '__proto__')
      Object.defineProperty(copy, key, {
        value: copyJson(field),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    else copy[key] = copyJson(field);
  }
  return copy;
}

/**
 * Variables are JSON: engine state must survive `JSON.parse(JSON.stringify(state))`. FEEL results can be
 * temporal values, ranges or functions; this turns them into plain JSON (temporal values as ISO strings).
 */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export function toJsonValue(value: unknown): JsonValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (Array.isArray(value)) return value.map(toJsonValue);
  if (typeof value === 'object') {
    const prototype = Object.getPrototypeOf(value) as object | null;
    if (prototype === Object.prototype || prototype === null) {
      const result: Record<string, JsonValue> = {};
      for (const [key, entry] of Object.entries(value)) result[key] = toJsonValue(entry);
      return result;
    }
    // FEEL dates, times, date-times and durations print as ISO 8601.
    const text = String(value);
    return text === '[object Object]' ? null : text;
  }
  return null;
}

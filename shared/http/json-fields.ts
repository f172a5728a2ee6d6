/**
 * Typed fields of a JSON object body, checked all at once: each wrong field is one `{ field, message }` entry
 * of a single 400 `http.validation-failed`, so a client sees every problem in one answer and nothing changes.
 */
import type { Variables } from '../engine/index.js';
import { validationFailed } from './body.js';

type Json = Readonly<Record<string, unknown>>;

export class JsonFields {
  readonly #body: Json;
  readonly #errors: { field: string; message: string }[] = [];

  constructor(body: unknown) {
    const isObject = typeof body === 'object' && body !== null && !Array.isArray(body);
    if (!isObject) this.#errors.push({ field: '(body)', message: 'must be a JSON object' });
    this.#body = isObject ? (body as Json) : {};
  }

  string(name: string): string;
  string(name: string, optional: 'optional'): string | undefined;
  string(name: string, optional?: 'optional'): string | undefined {
    const value = this.#body[name];
    if (value === undefined && optional) return undefined;
    if (typeof value === 'string' && value.length > 0 && value.length <= 1024) return value;
    return this.#fail(name, 'must be a non-empty string of at most 1024 characters', '');
  }

  integer(name: string, min: number, max: number): number;
  integer(name: string, min: number, max: number, fallback: number): number;
  integer(name: string, min: number, max: number, fallback?: number): number {
    const value = this.#body[name];
    if (value === undefined && fallback !== undefined) return fallback;
    if (typeof value === 'number' && Number.isSafeInteger(value) && value >= min && value <= max)
      return value;
    return this.#fail(name, `must be an integer from ${min} to ${max}`, min);
  }

  strings(name: string, maxItems: number): string[] {
    const value = this.#body[name];
    const valid =
      Array.isArray(value) &&
      value.length > 0 &&
      value.length <= maxItems &&
      value.every((item) => typeof item === 'string' && item.length > 0 && item.length <= 1024);
    if (valid) return value as string[];
    return this.#fail(name, `must be an array of 1 to ${maxItems} non-empty strings`, []);
  }

  /** Process variables: an optional JSON object, `{}` when absent. */
  variables(name = 'variables'): Variables {
    const value = this.#body[name];
    if (value === undefined) return {};
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Variables;
    return this.#fail(name, 'must be a JSON object', {});
  }

  /** Throws the collected problems, if any; call after reading every field. */
  done(): void {
    if (this.#errors.length > 0) throw validationFailed(this.#errors);
  }

  #fail<T>(field: string, message: string, placeholder: T): T {
    this.#errors.push({ field, message });
    return placeholder;
  }
}

/** JSON request bodies and query values for the Cases and Tasks APIs: each bad field is a 400 naming it. */
import type { HttpRequest } from '@azure/functions';
import { readSetting } from '../../shared/config/registry.js';
import type { Variables } from '../../shared/engine/index.js';
import { parseJsonBody, requireMediaType, validationFailed } from '../../shared/http/body.js';
import { requestBytes } from './request-body.js';

export type JsonObject = Record<string, unknown>;

export async function jsonObject(request: HttpRequest): Promise<JsonObject> {
  requireMediaType(request.headers.get('content-type'), ['application/json']);
  const body = parseJsonBody(await requestBytes(request, readSetting('maxJsonBodyBytes')));
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw validationFailed([{ field: '(body)', message: 'must be a JSON object' }]);
  }
  return body as JsonObject;
}

export function optionalString(body: JsonObject, field: string, maxLength = 256): string | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length === 0 || value.length > maxLength) {
    throw validationFailed([{ field, message: `must be a string of 1 to ${maxLength} characters` }]);
  }
  return value;
}

export function requiredString(body: JsonObject, field: string, maxLength = 256): string {
  const value = optionalString(body, field, maxLength);
  if (value === undefined) throw validationFailed([{ field, message: 'is required' }]);
  return value;
}

/** A variables object: absent is empty; names must be identifiers (they appear in queries and FEEL). */
export function variablesField(body: JsonObject, field = 'variables'): Variables {
  const value = body[field];
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw validationFailed([{ field, message: 'must be a JSON object' }]);
  }
  const bad = Object.keys(value).filter((name) => !isVariableName(name));
  if (bad.length > 0) {
    throw validationFailed(
      bad.map((name) => ({ field: `${field}.${name}`, message: 'is not a valid name' })),
    );
  }
  return value as Variables;
}

export function isVariableName(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(name);
}

export function pageSize(raw: string | null, fallback = 50, max = 200): number {
  if (raw === null) return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 1 || value > max) {
    throw validationFailed([{ field: 'limit', message: `must be an integer from 1 to ${max}` }]);
  }
  return value;
}

export function instantQuery(request: HttpRequest, field: string): string | undefined {
  const raw = request.query.get(field);
  if (raw === null) return undefined;
  const time = Date.parse(raw);
  if (Number.isNaN(time)) throw validationFailed([{ field, message: 'must be an ISO 8601 instant' }]);
  return new Date(time).toISOString();
}

export function oneOf<T extends string>(
  request: HttpRequest,
  field: string,
  values: readonly T[],
): T | undefined {
  const raw = request.query.get(field);
  if (raw === null) return undefined;
  if (!values.includes(raw as T)) {
    throw validationFailed([{ field, message: `must be one of ${values.join(', ')}` }]);
  }
  return raw as T;
}

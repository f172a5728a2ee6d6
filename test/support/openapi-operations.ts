/**
 * Every operation of the OpenAPI document as data, so API-wide tests (permission matrix, bad input) cover a new
 * operation as soon as it is documented.
 */
import { openApiDocument } from '../../shared/http/openapi.js';

export interface JsonSchema {
  readonly type?: string;
  readonly enum?: readonly unknown[];
  readonly required?: readonly string[];
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly items?: JsonSchema;
  readonly minimum?: number;
  readonly $ref?: string;
}

export interface ApiOperation {
  readonly operationId: string;
  readonly method: string;
  /** The document's path, e.g. `/cases/{id}` (without `/api`). */
  readonly path: string;
  readonly pathParameters: readonly string[];
  readonly queryParameters: readonly { name: string; schema: JsonSchema }[];
  /** `x-caseflow-roles`; undefined: any authenticated caller (record rules may still apply). */
  readonly roles: readonly string[] | undefined;
  readonly isPublic: boolean;
  /** The request body's media types and the JSON schema, if it takes one. */
  readonly bodyMediaTypes: readonly string[];
  readonly jsonBodySchema: JsonSchema | undefined;
}

interface OperationObject {
  operationId: string;
  security?: readonly unknown[];
  'x-caseflow-roles'?: string[];
  parameters?: { name: string; in: string; schema?: JsonSchema }[];
  requestBody?: { content: Record<string, { schema?: JsonSchema }> };
}

export const apiOperations: readonly ApiOperation[] = Object.entries(
  openApiDocument.paths as unknown as Record<string, Record<string, OperationObject>>,
).flatMap(([path, item]) =>
  Object.entries(item).map(([method, operation]) => {
    const parameters = operation.parameters ?? [];
    const content = operation.requestBody?.content ?? {};
    return {
      operationId: operation.operationId,
      method: method.toUpperCase(),
      path,
      pathParameters: parameters.filter((parameter) => parameter.in === 'path').map(({ name }) => name),
      queryParameters: parameters
        .filter((parameter) => parameter.in === 'query')
        .map(({ name, schema }) => ({ name, schema: schema ?? {} })),
      roles: operation['x-caseflow-roles'],
      isPublic: Array.isArray(operation.security) && operation.security.length === 0,
      bodyMediaTypes: Object.keys(content),
      jsonBodySchema: resolve(content['application/json']?.schema),
    };
  }),
);

function resolve(schema: JsonSchema | undefined): JsonSchema | undefined {
  if (!schema?.$ref) return schema;
  const name = schema.$ref.replace('#/components/schemas/', '');
  return (openApiDocument.components.schemas as Record<string, JsonSchema>)[name];
}

/** A value of the schema's type: the smallest valid-looking sample (enums: the first value). */
export function sampleValue(schema: JsonSchema): unknown {
  if (schema.enum) return schema.enum[0];
  switch (schema.type) {
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return true;
    case 'array':
      return [sampleValue(schema.items ?? { type: 'string' })];
    case 'object':
      return Object.fromEntries(
        (schema.required ?? []).map((name) => [name, sampleValue(schema.properties?.[name] ?? {})]),
      );
    default:
      return 'matrix';
  }
}

/** A value of another type than the schema's, for wrong-type checks. */
export function wrongTypeValue(schema: JsonSchema): unknown {
  return schema.type === 'string' || schema.enum ? 12345 : 'not-a-' + (schema.type ?? 'value');
}

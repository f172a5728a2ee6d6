/**
 * Reads an administrator's connector definition (the JSON body of `PUT /api/connectors/{id}`), checking
 * everything at once: each problem is one `{ field, message }` entry of a single 400. Secret values come in
 * the authentication objects (`password`, `token`, `key`, `clientSecret`) and leave here separately, so only
 * their Key Vault names are ever stored; a secret left out keeps the value already set for that environment.
 */
import { validationFailed } from '../http/body.js';
import { checkFeelExpression } from '../expressions/feel-syntax.js';
import {
  deploymentEnvironments,
  httpMethods,
  type ConnectorOperation,
  type DeploymentEnvironment,
  type HttpMethod,
} from './connector-document.js';
import { pathPlaceholders } from './templates.js';

/** Connector and operation names: they meet in the task type `connector:<connector>.<operation>`. */
export const connectorNamePattern = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
export const defaultTimeoutMs = 30_000;
export const maxTimeoutMs = 120_000;
const maxOperations = 100;
const headerNamePattern = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}$/;
/** Credentials belong in `authentication` (Key Vault), never in plain headers stored in Cosmos DB. */
const credentialHeaders = new Set(['authorization', 'proxy-authorization', 'cookie']);

/** Authentication as given, before secret names are assigned; `secret` is the new value, if one was sent. */
export type AuthenticationInput =
  | { readonly kind: 'none' }
  | { readonly kind: 'basic'; readonly username: string; readonly secret?: string }
  | { readonly kind: 'bearer'; readonly secret?: string }
  | {
      readonly kind: 'apiKey';
      readonly in: 'header' | 'query';
      readonly name: string;
      readonly secret?: string;
    }
  | {
      readonly kind: 'oauth2ClientCredentials';
      readonly tokenUrl: string;
      readonly clientId: string;
      readonly scope?: string;
      readonly audience?: string;
      readonly secret?: string;
    };

export interface ConnectorInput {
  readonly description?: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  readonly environments: Partial<
    Record<DeploymentEnvironment, { baseUrl: string; authentication: AuthenticationInput }>
  >;
  readonly operations: Readonly<Record<string, ConnectorOperation>>;
}

type Json = Record<string, unknown>;
type Problems = { field: string; message: string }[];

const secretField = {
  basic: 'password',
  bearer: 'token',
  apiKey: 'key',
  oauth2ClientCredentials: 'clientSecret',
} as const;

export function readConnectorInput(body: unknown): ConnectorInput {
  const problems: Problems = [];
  const root = object(body, '(body)', problems) ?? {};
  allowOnly(root, '', ['description', 'headers', 'timeoutMs', 'environments', 'operations'], problems);
  const description = optionalString(root.description, 'description', problems, 2000);
  const headers = headerMap(root.headers, 'headers', problems);
  const timeoutMs = root.timeoutMs === undefined ? defaultTimeoutMs : integer(root.timeoutMs, problems);
  const environments: ConnectorInput['environments'] = {};
  const environmentsJson = object(root.environments, 'environments', problems) ?? {};
  allowOnly(environmentsJson, 'environments.', deploymentEnvironments, problems);
  for (const environment of deploymentEnvironments) {
    if (environmentsJson[environment] === undefined) continue;
    const field = `environments.${environment}`;
    const values = object(environmentsJson[environment], field, problems) ?? {};
    allowOnly(values, `${field}.`, ['baseUrl', 'authentication'], problems);
    const baseUrl = url(values.baseUrl, `${field}.baseUrl`, problems);
    const authentication = readAuthentication(values.authentication, `${field}.authentication`, problems);
    environments[environment] = { baseUrl, authentication };
  }
  if (Object.keys(environmentsJson).length === 0 && problems.every((p) => p.field !== 'environments')) {
    problems.push({ field: 'environments', message: `must give the values of at least one environment` });
  }
  const operations: Record<string, ConnectorOperation> = {};
  const operationsJson = object(root.operations, 'operations', problems) ?? {};
  const names = Object.keys(operationsJson);
  if (names.length === 0 || names.length > maxOperations) {
    problems.push({ field: 'operations', message: `must name 1 to ${maxOperations} operations` });
  }
  for (const name of names) {
    const field = `operations.${name}`;
    if (!connectorNamePattern.test(name)) {
      problems.push({ field, message: 'operation names are letters, digits, _ and -, at most 64' });
    }
    operations[name] = readOperation(operationsJson[name], field, problems);
  }
  if (problems.length > 0) throw validationFailed(problems);
  return {
    ...(description !== undefined ? { description } : {}),
    headers,
    timeoutMs,
    environments,
    operations,
  };

  function integer(value: unknown, into: Problems): number {
    if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 100 && value <= maxTimeoutMs) {
      return value;
    }
    into.push({ field: 'timeoutMs', message: `must be an integer from 100 to ${maxTimeoutMs}` });
    return defaultTimeoutMs;
  }
}

/** The secret field an authentication kind takes in the body (`password`, `token`, `key`, `clientSecret`). */
export function secretFieldOf(kind: AuthenticationInput['kind']): string | undefined {
  return kind === 'none' ? undefined : secretField[kind];
}

function readAuthentication(value: unknown, field: string, problems: Problems): AuthenticationInput {
  const auth = object(value, field, problems);
  if (!auth) return { kind: 'none' };
  const kind = auth.kind;
  const secretName =
    typeof kind === 'string' && kind in secretField
      ? secretField[kind as keyof typeof secretField]
      : undefined;
  const secret =
    secretName === undefined
      ? undefined
      : optionalString(auth[secretName], `${field}.${secretName}`, problems, 8192);
  const withSecret = secret !== undefined ? { secret } : {};
  switch (kind) {
    case 'none':
      allowOnly(auth, `${field}.`, ['kind'], problems);
      return { kind };
    case 'basic': {
      allowOnly(auth, `${field}.`, ['kind', 'username', 'password'], problems);
      const username = requiredString(auth.username, `${field}.username`, problems);
      if (username.includes(':'))
        problems.push({ field: `${field}.username`, message: 'must not contain ":"' });
      return { kind, username, ...withSecret };
    }
    case 'bearer':
      allowOnly(auth, `${field}.`, ['kind', 'token'], problems);
      return { kind, ...withSecret };
    case 'apiKey': {
      allowOnly(auth, `${field}.`, ['kind', 'in', 'name', 'key'], problems);
      const where = auth.in;
      if (where !== 'header' && where !== 'query') {
        problems.push({ field: `${field}.in`, message: 'must be "header" or "query"' });
      }
      const name = requiredString(auth.name, `${field}.name`, problems);
      if (where === 'header' && name !== '' && !headerNamePattern.test(name)) {
        problems.push({ field: `${field}.name`, message: 'must be a valid header name' });
      }
      return { kind, in: where === 'query' ? 'query' : 'header', name, ...withSecret };
    }
    case 'oauth2ClientCredentials': {
      allowOnly(
        auth,
        `${field}.`,
        ['kind', 'tokenUrl', 'clientId', 'clientSecret', 'scope', 'audience'],
        problems,
      );
      const tokenUrl = url(auth.tokenUrl, `${field}.tokenUrl`, problems);
      const clientId = requiredString(auth.clientId, `${field}.clientId`, problems);
      const scope = optionalString(auth.scope, `${field}.scope`, problems, 1024);
      const audience = optionalString(auth.audience, `${field}.audience`, problems, 1024);
      return {
        kind,
        tokenUrl,
        clientId,
        ...(scope !== undefined ? { scope } : {}),
        ...(audience !== undefined ? { audience } : {}),
        ...withSecret,
      };
    }
    default:
      problems.push({
        field: `${field}.kind`,
        message: 'must be one of none, basic, bearer, apiKey, oauth2ClientCredentials',
      });
      return { kind: 'none' };
  }
}

function readOperation(value: unknown, field: string, problems: Problems): ConnectorOperation {
  const operation = object(value, field, problems) ?? {};
  allowOnly(operation, `${field}.`, ['method', 'path', 'query', 'headers', 'body'], problems);
  const method = operation.method;
  if (!(httpMethods as readonly unknown[]).includes(method)) {
    problems.push({ field: `${field}.method`, message: `must be one of ${httpMethods.join(', ')}` });
  }
  const path = requiredString(operation.path, `${field}.path`, problems);
  if (path !== '' && !path.startsWith('/')) {
    problems.push({ field: `${field}.path`, message: 'must start with "/"' });
  }
  const placeholders = pathPlaceholders(path);
  if (placeholders === undefined) {
    problems.push({ field: `${field}.path`, message: 'has an unclosed or empty {placeholder}' });
  }
  for (const expression of placeholders ?? []) feel(expression, `${field}.path`, problems);
  const query = stringMap(operation.query, `${field}.query`, problems);
  const headers = headerMap(operation.headers, `${field}.headers`, problems);
  for (const [name, template] of Object.entries({ ...query, ...headers })) {
    if (template.startsWith('='))
      feel(template.slice(1), `${field}.${name in query ? 'query' : 'headers'}.${name}`, problems);
  }
  if (operation.body !== undefined) checkBodyTemplate(operation.body, `${field}.body`, problems);
  if (operation.body !== undefined && (method === 'GET' || method === 'DELETE')) {
    problems.push({ field: `${field}.body`, message: `a ${String(method)} request has no body` });
  }
  return {
    method: method as HttpMethod,
    path,
    ...(operation.query !== undefined ? { query } : {}),
    ...(operation.headers !== undefined ? { headers } : {}),
    ...(operation.body !== undefined ? { body: operation.body } : {}),
  };
}

function checkBodyTemplate(value: unknown, field: string, problems: Problems): void {
  if (typeof value === 'string' && value.startsWith('=')) feel(value.slice(1), field, problems);
  else if (Array.isArray(value))
    value.forEach((item, index) => checkBodyTemplate(item, `${field}[${index}]`, problems));
  else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) checkBodyTemplate(item, `${field}.${key}`, problems);
  }
}

function feel(expression: string, field: string, problems: Problems): void {
  const result = checkFeelExpression(expression);
  if (!result.valid) {
    problems.push({ field, message: `FEEL syntax error at ${result.errorOffset ?? 0} in "${expression}"` });
  }
}

function object(value: unknown, field: string, problems: Problems): Json | undefined {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Json;
  problems.push({ field, message: 'must be a JSON object' });
  return undefined;
}

function allowOnly(value: Json, prefix: string, allowed: readonly string[], problems: Problems): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) problems.push({ field: `${prefix}${key}`, message: 'is not a known field' });
  }
}

function requiredString(value: unknown, field: string, problems: Problems): string {
  if (typeof value === 'string' && value.length > 0 && value.length <= 2048) return value;
  problems.push({ field, message: 'must be a non-empty string of at most 2048 characters' });
  return '';
}

function optionalString(value: unknown, field: string, problems: Problems, max: number): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && value.length > 0 && value.length <= max) return value;
  problems.push({ field, message: `must be a non-empty string of at most ${max} characters` });
  return undefined;
}

function url(value: unknown, field: string, problems: Problems): string {
  const text = requiredString(value, field, problems);
  if (text === '') return text;
  const parsed = URL.canParse(text) ? new URL(text) : undefined;
  if (!parsed || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')) {
    problems.push({ field, message: 'must be an http or https URL' });
  } else if (parsed.username !== '' || parsed.password !== '') {
    problems.push({ field, message: 'must not carry credentials: use authentication' });
  }
  return text;
}

function stringMap(value: unknown, field: string, problems: Problems): Record<string, string> {
  if (value === undefined) return {};
  const map = object(value, field, problems) ?? {};
  const result: Record<string, string> = {};
  for (const [key, item] of Object.entries(map)) {
    if (typeof item === 'string' && item.length <= 4096) result[key] = item;
    else problems.push({ field: `${field}.${key}`, message: 'must be a string of at most 4096 characters' });
  }
  return result;
}

function headerMap(value: unknown, field: string, problems: Problems): Record<string, string> {
  const map = stringMap(value, field, problems);
  for (const name of Object.keys(map)) {
    if (!headerNamePattern.test(name))
      problems.push({ field: `${field}.${name}`, message: 'is not a valid header name' });
    else if (credentialHeaders.has(name.toLowerCase())) {
      problems.push({
        field: `${field}.${name}`,
        message: 'credentials go in authentication (kept in Key Vault)',
      });
    }
  }
  return map;
}

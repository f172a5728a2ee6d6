/**
 * Performs one connector operation: reads the connector (tenant-scoped) and its secret for this
 * deployment's environment, fills the operation's templates from the variables, adds authentication, the
 * default headers and the idempotency key, calls with the connector's timeout, and answers the response
 * with every secret redacted from it. What cannot be called is a `JobFailure` (retryable when trying again
 * may help); an HTTP answer of any status is a response, for the caller's mapping to judge.
 */
import type { JsonValue } from '../expressions/json-value.js';
import { JobFailure } from '../jobs/job-failure.js';
import type { TenantRepository } from '../storage/tenant-repository.js';
import type {
  ConnectorAuthentication,
  ConnectorDocument,
  ConnectorOperation,
  DeploymentEnvironment,
} from './connector-document.js';
import { failureKind, type OAuthTokenCache } from './oauth-token-cache.js';
import { basicCredential, Redactor } from './redaction.js';
import type { SecretStore } from './secret-store.js';
import { renderBody, renderPath, renderText } from './templates.js';

/** The header that carries the key a target may use to recognise a repeated call. */
export const idempotencyKeyHeader = 'Idempotency-Key';
/** Larger responses are a failure: job variables live in a Cosmos DB document. */
export const maxResponseBytes = 1024 * 1024;

export interface ConnectorResponse {
  readonly status: number;
  /** Redacted. */
  readonly headers: Readonly<Record<string, string>>;
  /** Parsed JSON when the response says JSON, else the text; redacted. */
  readonly body: JsonValue;
}

export interface ConnectorCall {
  /** Method and URL as sent, redacted (an API key in the query shows as `***`). */
  readonly request: { readonly method: string; readonly url: string };
  readonly response: ConnectorResponse;
  readonly redactor: Redactor;
}

export interface ConnectorClientOptions {
  readonly connectors: (tenantId: string) => TenantRepository<ConnectorDocument>;
  readonly secrets: SecretStore;
  readonly tokens: OAuthTokenCache;
  readonly environment: DeploymentEnvironment;
  readonly clock: () => Date;
  readonly fetcher?: typeof fetch;
}

export interface CallRequest {
  readonly tenantId: string;
  readonly connectorId: string;
  readonly operation: string;
  readonly variables: Readonly<Record<string, unknown>>;
  readonly idempotencyKey?: string;
}

export class ConnectorClient {
  constructor(private readonly options: ConnectorClientOptions) {}

  async call(request: CallRequest): Promise<ConnectorCall> {
    const connector = await this.options.connectors(request.tenantId).read(request.connectorId);
    const name = `${request.connectorId}.${request.operation}`;
    if (!connector) throw new JobFailure(`No connector ${request.connectorId}`, false);
    const operation = connector.operations[request.operation];
    if (!operation)
      throw new JobFailure(`Connector ${request.connectorId} has no operation ${request.operation}`, false);
    const values = connector.environments[this.options.environment];
    if (!values) {
      throw new JobFailure(
        `Connector ${request.connectorId} has no values for ${this.options.environment}`,
        false,
      );
    }
    const secret = await this.secretOf(values.authentication, name);
    let redactor = new Redactor(secret === undefined ? [] : [secret], apiKeyHeader(values.authentication));
    if (values.authentication.kind === 'basic' && secret !== undefined) {
      redactor = redactor.with(basicCredential(values.authentication.username, secret));
    }
    const now = this.options.clock().toISOString();
    const url = this.url(values.baseUrl, operation, request.variables, now, name);
    const headers = this.headers(connector, operation, request.variables, now, name);
    if (request.idempotencyKey !== undefined) headers.set(idempotencyKeyHeader, request.idempotencyKey);
    const body =
      operation.body === undefined ? undefined : renderBody(operation.body, request.variables, now);
    if (body && !body.ok) throw new JobFailure(`${name}: ${body.message}`, false);
    if (body && !headers.has('content-type')) headers.set('content-type', 'application/json');
    const token = await this.authenticate(values.authentication, secret, connector.timeoutMs, url, headers);
    if (token !== undefined) redactor = redactor.with(token);
    const sentUrl = { method: operation.method, url: redactor.text(url.toString()) };
    let response: Response;
    try {
      response = await (this.options.fetcher ?? fetch)(url, {
        method: operation.method,
        headers,
        ...(body ? { body: JSON.stringify(body.value) } : {}),
        signal: AbortSignal.timeout(connector.timeoutMs),
      });
    } catch (error) {
      throw new JobFailure(`${name}: ${failureKind(error)}`, true);
    }
    return { request: sentUrl, response: await readResponse(response, redactor, name), redactor };
  }

  private async secretOf(auth: ConnectorAuthentication, name: string): Promise<string | undefined> {
    const reference =
      auth.kind === 'basic'
        ? auth.password
        : auth.kind === 'bearer'
          ? auth.token
          : auth.kind === 'apiKey'
            ? auth.key
            : auth.kind === 'oauth2ClientCredentials'
              ? auth.clientSecret
              : undefined;
    if (!reference) return undefined;
    let value: string | undefined;
    try {
      value = await this.options.secrets.get(reference.secretName);
    } catch {
      throw new JobFailure(`${name}: the connector's secret could not be read from Key Vault`, true);
    }
    if (value === undefined) throw new JobFailure(`${name}: the connector's secret is not set`, false);
    return value;
  }

  private url(
    baseUrl: string,
    operation: ConnectorOperation,
    variables: Readonly<Record<string, unknown>>,
    now: string,
    name: string,
  ): URL {
    const path = renderPath(operation.path, variables, now);
    if (!path.ok) throw new JobFailure(`${name}: ${path.message}`, false);
    const url = new URL(baseUrl.replace(/\/+$/, '') + path.value);
    for (const [key, template] of Object.entries(operation.query ?? {})) {
      const value = renderText(template, variables, now);
      if (!value.ok) throw new JobFailure(`${name}: query ${key}: ${value.message}`, false);
      if (value.value !== undefined) url.searchParams.append(key, value.value);
    }
    return url;
  }

  private headers(
    connector: ConnectorDocument,
    operation: ConnectorOperation,
    variables: Readonly<Record<string, unknown>>,
    now: string,
    name: string,
  ): Headers {
    const headers = new Headers({ accept: 'application/json' });
    for (const [key, template] of Object.entries({ ...connector.headers, ...operation.headers })) {
      const value = renderText(template, variables, now);
      if (!value.ok) throw new JobFailure(`${name}: header ${key}: ${value.message}`, false);
      if (value.value !== undefined) headers.set(key, value.value);
    }
    return headers;
  }

  /** Adds the credential to the request; answers the OAuth token fetched, so it is redacted too. */
  private async authenticate(
    auth: ConnectorAuthentication,
    secret: string | undefined,
    timeoutMs: number,
    url: URL,
    headers: Headers,
  ): Promise<string | undefined> {
    if (secret === undefined) return undefined;
    switch (auth.kind) {
      case 'basic':
        headers.set('authorization', `Basic ${basicCredential(auth.username, secret)}`);
        return undefined;
      case 'bearer':
        headers.set('authorization', `Bearer ${secret}`);
        return undefined;
      case 'apiKey':
        if (auth.in === 'header') headers.set(auth.name, secret);
        else url.searchParams.set(auth.name, secret);
        return undefined;
      case 'oauth2ClientCredentials': {
        const token = await this.options.tokens.token(
          {
            tokenUrl: auth.tokenUrl,
            clientId: auth.clientId,
            clientSecret: secret,
            ...(auth.scope !== undefined ? { scope: auth.scope } : {}),
            ...(auth.audience !== undefined ? { audience: auth.audience } : {}),
          },
          timeoutMs,
        );
        headers.set('authorization', `Bearer ${token}`);
        return token;
      }
      case 'none':
        return undefined;
    }
  }
}

function apiKeyHeader(auth: ConnectorAuthentication): string[] {
  return auth.kind === 'apiKey' && auth.in === 'header' ? [auth.name] : [];
}

async function readResponse(
  response: Response,
  redactor: Redactor,
  name: string,
): Promise<ConnectorResponse> {
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > maxResponseBytes) {
    await response.body?.cancel();
    throw new JobFailure(`${name}: the response is larger than ${maxResponseBytes} bytes`, false);
  }
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    throw new JobFailure(`${name}: reading the response ${failureKind(error)}`, true);
  }
  if (Buffer.byteLength(text) > maxResponseBytes) {
    throw new JobFailure(`${name}: the response is larger than ${maxResponseBytes} bytes`, false);
  }
  const safeText = redactor.text(text);
  const isJson = /[/+]json\b/i.test(response.headers.get('content-type') ?? '');
  let body: JsonValue = safeText;
  if (isJson && safeText.trim() !== '') {
    try {
      body = JSON.parse(safeText) as JsonValue;
    } catch {
      body = safeText;
    }
  }
  const headers: Record<string, string> = {};
  response.headers.forEach((value, key) => (headers[key] = value));
  return { status: response.status, headers: redactor.headers(headers), body };
}

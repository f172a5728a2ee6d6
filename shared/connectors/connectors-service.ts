/**
 * The connector use cases for one tenant's administrators: create or replace (secrets to Key Vault first,
 * then the document, under its ETag), read and list (secrets shown only as set), delete (the document, then
 * its secrets), and try an operation with sample input. Key Vault names are generated per connector and
 * environment with a random part, so a connector deleted and created again never meets its soft-deleted
 * secrets.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { validationFailed } from '../http/body.js';
import { CaseflowError } from '../errors/caseflow-error.js';
import type { JsonValue } from '../expressions/json-value.js';
import { JobFailure } from '../jobs/job-failure.js';
import type { Page, Stored, TenantRepository } from '../storage/tenant-repository.js';
import type { ConnectorClient, ConnectorResponse } from './connector-client.js';
import {
  deploymentEnvironments,
  secretOf,
  secretReferences,
  type ConnectorAuthentication,
  type ConnectorDocument,
  type DeploymentEnvironment,
  type EnvironmentValues,
} from './connector-document.js';
import {
  connectorNamePattern,
  secretFieldOf,
  type AuthenticationInput,
  type ConnectorInput,
} from './connector-input.js';
import { mapResponse } from './response-mapping.js';
import type { SecretStore } from './secret-store.js';

/** The test endpoint shows at most this much of a response body. */
export const maxShownBodyChars = 16 * 1024;

export type TestResult =
  | { readonly kind: 'complete'; readonly variables: Readonly<Record<string, unknown>> }
  | { readonly kind: 'bpmnError'; readonly code: string; readonly message?: string }
  | { readonly kind: 'failure'; readonly message: string; readonly retryable: boolean };

export interface OperationTest {
  readonly request?: { readonly method: string; readonly url: string };
  readonly response?: ConnectorResponse & { readonly bodyTruncated?: true };
  readonly result: TestResult;
}

export class ConnectorsService {
  constructor(
    private readonly connectors: TenantRepository<ConnectorDocument>,
    private readonly secrets: SecretStore,
    private readonly client: ConnectorClient,
    private readonly clock: () => Date,
  ) {}

  async put(
    id: string,
    input: ConnectorInput,
    userId: string,
    ifMatch?: string,
  ): Promise<{ connector: Stored<ConnectorDocument>; created: boolean }> {
    if (!connectorNamePattern.test(id)) {
      throw validationFailed([
        { field: 'id', message: 'connector names are letters, digits, _ and -, at most 64' },
      ]);
    }
    const existing = await this.connectors.read(id);
    requireMatch(existing, ifMatch, id);
    const problems: { field: string; message: string }[] = [];
    const toWrite: { secretName: string; value: string }[] = [];
    const environments: Partial<Record<DeploymentEnvironment, EnvironmentValues>> = {};
    for (const environment of deploymentEnvironments) {
      const given = input.environments[environment];
      if (!given) continue;
      const before = existing?.environments[environment]?.authentication;
      const kept = before?.kind === given.authentication.kind ? secretOf(before)?.secretName : undefined;
      const secret = given.authentication.kind === 'none' ? undefined : given.authentication.secret;
      const field = secretFieldOf(given.authentication.kind);
      if (field !== undefined && secret === undefined && kept === undefined) {
        problems.push({
          field: `environments.${environment}.authentication.${field}`,
          message: 'is required',
        });
      }
      const secretName = kept ?? this.newSecretName(id, environment);
      if (secret !== undefined) toWrite.push({ secretName, value: secret });
      environments[environment] = {
        baseUrl: given.baseUrl,
        authentication: stored(given.authentication, secretName),
      };
    }
    if (problems.length > 0) throw validationFailed(problems);
    for (const { secretName, value } of toWrite) await this.secrets.set(secretName, value);
    const now = this.clock().toISOString();
    const document = {
      id,
      ...(input.description !== undefined ? { description: input.description } : {}),
      headers: input.headers,
      timeoutMs: input.timeoutMs,
      environments,
      operations: input.operations,
      createdAt: existing?.createdAt ?? now,
      updatedAt: now,
      updatedBy: userId,
    };
    const connector = existing
      ? await this.connectors.replace(document, existing._etag)
      : await this.connectors.create(document);
    await this.deleteSecrets(existing, connector);
    return { connector, created: !existing };
  }

  async get(id: string): Promise<Stored<ConnectorDocument>> {
    const connector = await this.connectors.read(id);
    if (!connector) throw notFound(id);
    return connector;
  }

  list(limit: number, continuationToken?: string): Promise<Page<Stored<ConnectorDocument>>> {
    return this.connectors.query({
      orderBy: 'c.id',
      maxItemCount: limit,
      ...(continuationToken ? { continuationToken } : {}),
    });
  }

  async delete(id: string, ifMatch?: string): Promise<void> {
    const existing = await this.connectors.read(id);
    if (!existing) throw notFound(id);
    requireMatch(existing, ifMatch, id);
    await this.connectors.delete(id, existing._etag);
    await this.deleteSecrets(existing, undefined);
  }

  /** Calls the operation with sample variables and maps the response with sample task headers. */
  async test(
    id: string,
    operation: string,
    variables: Readonly<Record<string, unknown>>,
    taskHeaders: Readonly<Record<string, string>>,
  ): Promise<OperationTest> {
    const connector = await this.get(id);
    if (!connector.operations[operation]) {
      throw new CaseflowError('connectors.not-found', `Connector ${id} has no operation ${operation}.`);
    }
    let call;
    try {
      call = await this.client.call({
        tenantId: this.connectors.tenantId,
        connectorId: id,
        operation,
        variables,
        idempotencyKey: `caseflow-test-${randomUUID()}`,
      });
    } catch (error) {
      if (error instanceof JobFailure) return { result: failure(error) };
      throw error;
    }
    const response = shown(call.response);
    const now = this.clock().toISOString();
    try {
      const outcome = mapResponse(call.response, taskHeaders, variables, now, `${id}.${operation}`);
      const result: TestResult =
        outcome.kind === 'complete' ? { kind: 'complete', variables: outcome.variables ?? {} } : outcome;
      return { request: call.request, response, result };
    } catch (error) {
      if (error instanceof JobFailure) return { request: call.request, response, result: failure(error) };
      throw error;
    }
  }

  /** Deletes the secrets `before` referenced that `after` no longer does. */
  private async deleteSecrets(
    before: ConnectorDocument | undefined,
    after: ConnectorDocument | undefined,
  ): Promise<void> {
    if (!before) return;
    const kept = new Set(after ? secretReferences(after).map((reference) => reference.secretName) : []);
    for (const { secretName } of secretReferences(before)) {
      if (!kept.has(secretName)) await this.secrets.delete(secretName);
    }
  }

  private newSecretName(id: string, environment: DeploymentEnvironment): string {
    const owner = createHash('sha256')
      .update(`${this.connectors.tenantId}\n${id}\n${environment}`)
      .digest('hex')
      .slice(0, 24);
    return `connector-${owner}-${randomBytes(6).toString('hex')}`;
  }
}

function stored(auth: AuthenticationInput, secretName: string): ConnectorAuthentication {
  const reference = { secretName };
  switch (auth.kind) {
    case 'none':
      return { kind: 'none' };
    case 'basic':
      return { kind: 'basic', username: auth.username, password: reference };
    case 'bearer':
      return { kind: 'bearer', token: reference };
    case 'apiKey':
      return { kind: 'apiKey', in: auth.in, name: auth.name, key: reference };
    case 'oauth2ClientCredentials':
      return {
        kind: auth.kind,
        tokenUrl: auth.tokenUrl,
        clientId: auth.clientId,
        ...(auth.scope !== undefined ? { scope: auth.scope } : {}),
        ...(auth.audience !== undefined ? { audience: auth.audience } : {}),
        clientSecret: reference,
      };
  }
}

function requireMatch(
  existing: Stored<ConnectorDocument> | undefined,
  ifMatch: string | undefined,
  id: string,
): void {
  if (ifMatch === undefined) return;
  if (!existing || unquote(ifMatch) !== unquote(existing._etag)) {
    throw new CaseflowError('http.precondition-failed', `Connector ${id} has changed.`, {
      ...(existing ? { etag: existing._etag } : {}),
    });
  }
}

function unquote(etag: string): string {
  return etag.replace(/^W\//, '').replace(/^"|"$/g, '');
}

function failure(error: JobFailure): TestResult {
  return { kind: 'failure', message: error.message, retryable: error.retryable };
}

function shown(response: ConnectorResponse): OperationTest['response'] {
  const text = typeof response.body === 'string' ? response.body : JSON.stringify(response.body);
  if (text.length <= maxShownBodyChars) return response;
  return { ...response, body: text.slice(0, maxShownBodyChars) as JsonValue, bodyTruncated: true };
}

function notFound(id: string): CaseflowError {
  return new CaseflowError('connectors.not-found', `No connector ${id}.`);
}

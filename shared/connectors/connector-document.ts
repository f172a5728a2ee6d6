/**
 * A connector in the `connectors` container (partition key /tenantId, id = the connector's name): how to
 * reach one external HTTP system and the named operations a service task may call on it
 * (`connector:<id>.<operation>`). Values that differ between development, test and production (base URL,
 * authentication) are kept per environment, as Bizagi's external system parameters are; the deployment's
 * `CASEFLOW_ENVIRONMENT` picks one. Secret values live in Key Vault: this document holds only their names.
 */
import type { TenantDocument } from '../storage/tenant-repository.js';

export const deploymentEnvironments = ['development', 'test', 'production'] as const;
export type DeploymentEnvironment = (typeof deploymentEnvironments)[number];

export const httpMethods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type HttpMethod = (typeof httpMethods)[number];

/** A Key Vault secret this connector owns: its name only, never its value. */
export interface SecretReference {
  readonly secretName: string;
}

export type ConnectorAuthentication =
  | { readonly kind: 'none' }
  | { readonly kind: 'basic'; readonly username: string; readonly password: SecretReference }
  | { readonly kind: 'bearer'; readonly token: SecretReference }
  | {
      readonly kind: 'apiKey';
      readonly in: 'header' | 'query';
      /** The header or query parameter that carries the key. */
      readonly name: string;
      readonly key: SecretReference;
    }
  | {
      readonly kind: 'oauth2ClientCredentials';
      readonly tokenUrl: string;
      readonly clientId: string;
      readonly clientSecret: SecretReference;
      readonly scope?: string;
      readonly audience?: string;
    };

export type AuthenticationKind = ConnectorAuthentication['kind'];

export interface EnvironmentValues {
  readonly baseUrl: string;
  readonly authentication: ConnectorAuthentication;
}

/**
 * One call. Templates are FEEL over the job's variables: `{expression}` placeholders in the path (each
 * result URL-encoded), and in query values, headers and the body every string that starts with `=`.
 */
export interface ConnectorOperation {
  readonly method: HttpMethod;
  readonly path: string;
  readonly query?: Readonly<Record<string, string>>;
  readonly headers?: Readonly<Record<string, string>>;
  /** Any JSON value, sent as JSON; strings starting with `=` are FEEL (a top-level one may build it all). */
  readonly body?: unknown;
}

export interface ConnectorDocument extends TenantDocument {
  readonly description?: string;
  /** Sent with every operation (an operation's own headers win). */
  readonly headers: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  readonly environments: Readonly<Partial<Record<DeploymentEnvironment, EnvironmentValues>>>;
  readonly operations: Readonly<Record<string, ConnectorOperation>>;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly updatedBy: string;
}

/** Every secret reference of a connector, with where it sits (for deletion and redaction). */
export function secretReferences(
  document: Pick<ConnectorDocument, 'environments'>,
): { environment: DeploymentEnvironment; field: string; secretName: string }[] {
  const found = [];
  for (const environment of deploymentEnvironments) {
    const auth = document.environments[environment]?.authentication;
    const reference = auth && secretOf(auth);
    if (reference) found.push({ environment, field: reference.field, secretName: reference.secretName });
  }
  return found;
}

/** The one secret an authentication kind holds, and its field name. */
export function secretOf(auth: ConnectorAuthentication): { field: string; secretName: string } | undefined {
  switch (auth.kind) {
    case 'none':
      return undefined;
    case 'basic':
      return { field: 'password', secretName: auth.password.secretName };
    case 'bearer':
      return { field: 'token', secretName: auth.token.secretName };
    case 'apiKey':
      return { field: 'key', secretName: auth.key.secretName };
    case 'oauth2ClientCredentials':
      return { field: 'clientSecret', secretName: auth.clientSecret.secretName };
  }
}

/**
 * The local Key Vault: the secrets data plane that `@azure/keyvault-secrets` uses (set, get latest or by
 * version, list secrets and versions, update properties, delete with soft delete, get/list/purge/recover deleted
 * secrets), over HTTPS with Key Vault's challenge authentication. Any `api-version` is accepted.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import { localKeyVaultToken } from './key-vault-credential.js';
import { KeyVaultStore, type DeletedSecret, type SecretVersion } from './key-vault-store.js';
import { close, listen, loopbackHost } from './listen.js';
import type { LocalCertificate } from './local-certificate.js';

export const standardKeyVaultPort = 8443;

/** What a challenge names; clients skip checking it against the vault host (`disableChallengeResourceVerification`). */
const challenge =
  'Bearer authorization="https://login.microsoftonline.com/common", resource="https://vault.azure.net"';
const maxBodyBytes = 1024 * 1024;
const softDeleteRetentionDays = 90;

export interface RunningKeyVault {
  /** The vault URL clients take (`https://127.0.0.1:<port>/`). */
  readonly vaultUrl: string;
  stop(): Promise<void>;
}

export async function startKeyVault(options: {
  dataDir: string;
  certificate: LocalCertificate;
  port?: number;
}): Promise<RunningKeyVault> {
  const store = new KeyVaultStore(options.dataDir);
  const server = createServer(
    { cert: options.certificate.certPem, key: options.certificate.keyPem },
    (request, response) => {
      handle(store, request, response).catch((error: Error) =>
        reply(response, 500, { error: { code: 'InternalError', message: error.message } }),
      );
    },
  );
  const port = await listen(server, options.port ?? 0);
  return { vaultUrl: `https://${loopbackHost}:${port}/`, stop: () => close(server) };
}

class VaultError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function handle(
  store: KeyVaultStore,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  try {
    const body = await readBody(request);
    if (request.headers.authorization !== `Bearer ${localKeyVaultToken}`) {
      response.setHeader('www-authenticate', challenge);
      throw new VaultError(401, 'Unauthorized', 'AKV10000: Request is missing a Bearer token.');
    }
    const url = new URL(request.url ?? '/', `https://${request.headers.host}`);
    const segments = url.pathname.split('/').filter((segment) => segment !== '');
    const result = route(store, request.method ?? 'GET', segments, body, `https://${request.headers.host}`);
    if (result === undefined) reply(response, 204);
    else reply(response, 200, result);
  } catch (error) {
    if (!(error instanceof VaultError)) throw error;
    reply(response, error.status, { error: { code: error.code, message: error.message } });
  }
}

function route(
  store: KeyVaultStore,
  method: string,
  segments: string[],
  body: Record<string, unknown>,
  vaultUrl: string,
): object | undefined {
  const [collection, name, version, extra] = segments;
  const key = `${method} ${collection ?? ''}${name === undefined ? '' : '/:name'}${version === undefined ? '' : '/:v'}`;
  if (extra !== undefined) throw new VaultError(400, 'BadParameter', 'Unknown path.');
  switch (key) {
    case 'PUT secrets/:name':
      return bundle(vaultUrl, name!, setSecret(store, name!, body));
    case 'GET secrets/:name':
      return bundle(vaultUrl, name!, latest(store, name!));
    case 'GET secrets/:name/:v':
      return version === 'versions'
        ? page(liveVersions(store, name!).map((each) => item(vaultUrl, name!, each, true)))
        : bundle(vaultUrl, name!, versionOf(store, name!, version!));
    case 'PATCH secrets/:name/:v':
      return bundle(vaultUrl, name!, updateVersion(store, name!, version!, body));
    case 'GET secrets':
      return page(
        [...store.secrets].map(([each, versions]) => item(vaultUrl, each, versions.at(-1)!, false)),
      );
    case 'DELETE secrets/:name':
      return deletedBundle(vaultUrl, name!, deleteSecret(store, name!));
    case 'GET deletedsecrets':
      return page([...store.deleted].map(([each, deleted]) => deletedBundle(vaultUrl, each, deleted, false)));
    case 'GET deletedsecrets/:name':
      return deletedBundle(vaultUrl, name!, deletedOf(store, name!));
    case 'DELETE deletedsecrets/:name':
      deletedOf(store, name!);
      store.deleted.delete(name!);
      store.save();
      return undefined;
    case 'POST deletedsecrets/:name/:v':
      if (version !== 'recover') break;
      return bundle(vaultUrl, name!, recover(store, name!));
  }
  throw new VaultError(
    400,
    'BadParameter',
    `The local Key Vault does not support ${method} /${segments.join('/')}.`,
  );
}

function setSecret(store: KeyVaultStore, name: string, body: Record<string, unknown>): SecretVersion {
  if (!/^[0-9a-zA-Z-]{1,127}$/.test(name)) {
    throw new VaultError(400, 'BadParameter', 'Secret names may contain only 0-9, a-z, A-Z and -.');
  }
  if (typeof body['value'] !== 'string')
    throw new VaultError(400, 'BadParameter', 'The secret value is required.');
  if (store.deleted.has(name)) {
    throw new VaultError(409, 'Conflict', `Secret ${name} is currently in a deleted but recoverable state.`);
  }
  const now = Math.floor(Date.now() / 1000);
  const attributes = (body['attributes'] ?? {}) as Record<string, unknown>;
  const created: SecretVersion = {
    version: randomUUID().replaceAll('-', ''),
    value: body['value'],
    enabled: attributes['enabled'] !== false,
    created: now,
    updated: now,
  };
  applyProperties(created, body);
  store.secrets.set(name, [...(store.secrets.get(name) ?? []), created]);
  store.save();
  return created;
}

function updateVersion(
  store: KeyVaultStore,
  name: string,
  version: string,
  body: Record<string, unknown>,
): SecretVersion {
  const target = versionOf(store, name, version);
  applyProperties(target, body);
  target.updated = Math.floor(Date.now() / 1000);
  store.save();
  return target;
}

function applyProperties(target: SecretVersion, body: Record<string, unknown>): void {
  if (typeof body['contentType'] === 'string') target.contentType = body['contentType'];
  if (typeof body['tags'] === 'object' && body['tags'] !== null)
    target.tags = body['tags'] as Record<string, string>;
  const attributes = (body['attributes'] ?? {}) as Record<string, unknown>;
  if (typeof attributes['enabled'] === 'boolean') target.enabled = attributes['enabled'];
  if (typeof attributes['nbf'] === 'number') target.notBefore = attributes['nbf'];
  if (typeof attributes['exp'] === 'number') target.expires = attributes['exp'];
}

function liveVersions(store: KeyVaultStore, name: string): SecretVersion[] {
  const versions = store.secrets.get(name);
  if (versions === undefined)
    throw new VaultError(
      404,
      'SecretNotFound',
      `A secret with (name/id) ${name} was not found in this key vault.`,
    );
  return versions;
}

function latest(store: KeyVaultStore, name: string): SecretVersion {
  return liveVersions(store, name).at(-1)!;
}

function versionOf(store: KeyVaultStore, name: string, version: string): SecretVersion {
  const found = liveVersions(store, name).find((each) => each.version === version);
  if (found === undefined) {
    throw new VaultError(
      404,
      'SecretNotFound',
      `A secret with (name/id) ${name}/${version} was not found in this key vault.`,
    );
  }
  return found;
}

function deleteSecret(store: KeyVaultStore, name: string): DeletedSecret {
  const versions = liveVersions(store, name);
  const now = Math.floor(Date.now() / 1000);
  const deleted = {
    versions,
    deletedDate: now,
    scheduledPurgeDate: now + softDeleteRetentionDays * 24 * 60 * 60,
  };
  store.secrets.delete(name);
  store.deleted.set(name, deleted);
  store.save();
  return deleted;
}

function deletedOf(store: KeyVaultStore, name: string): DeletedSecret {
  const deleted = store.deleted.get(name);
  if (deleted === undefined) throw new VaultError(404, 'SecretNotFound', `Deleted Secret not found: ${name}`);
  return deleted;
}

function recover(store: KeyVaultStore, name: string): SecretVersion {
  const deleted = deletedOf(store, name);
  store.deleted.delete(name);
  store.secrets.set(name, deleted.versions);
  store.save();
  return deleted.versions.at(-1)!;
}

function attributesOf(version: SecretVersion): object {
  return {
    enabled: version.enabled,
    nbf: version.notBefore,
    exp: version.expires,
    created: version.created,
    updated: version.updated,
    recoveryLevel: 'Recoverable+Purgeable',
    recoverableDays: softDeleteRetentionDays,
  };
}

function bundle(vaultUrl: string, name: string, version: SecretVersion): object {
  return {
    value: version.value,
    id: `${vaultUrl}/secrets/${name}/${version.version}`,
    contentType: version.contentType,
    tags: version.tags,
    attributes: attributesOf(version),
  };
}

/** List entries carry no value; in the secrets list the id has no version. */
function item(vaultUrl: string, name: string, version: SecretVersion, withVersion: boolean): object {
  return {
    id: `${vaultUrl}/secrets/${name}${withVersion ? `/${version.version}` : ''}`,
    contentType: version.contentType,
    tags: version.tags,
    attributes: attributesOf(version),
  };
}

function deletedBundle(vaultUrl: string, name: string, deleted: DeletedSecret, withValue = true): object {
  const current = deleted.versions.at(-1)!;
  const { value, ...withoutValue } = bundle(vaultUrl, name, current) as { value: string };
  return {
    ...(withValue ? { value } : {}),
    ...withoutValue,
    recoveryId: `${vaultUrl}/deletedsecrets/${name}`,
    deletedDate: deleted.deletedDate,
    scheduledPurgeDate: deleted.scheduledPurgeDate,
  };
}

function page(value: object[]): object {
  return { value, nextLink: null };
}

function reply(response: ServerResponse, status: number, body?: object): void {
  if (response.headersSent) return;
  response.statusCode = status;
  if (body === undefined) {
    response.end();
    return;
  }
  response.setHeader('content-type', 'application/json; charset=utf-8');
  response.end(JSON.stringify(body));
}

async function readBody(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > maxBodyBytes) throw new VaultError(413, 'RequestTooLarge', 'Request body too large.');
    chunks.push(chunk as Buffer);
  }
  if (size === 0) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new VaultError(400, 'BadParameter', 'The request body is not JSON.');
  }
  return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
}

/**
 * The one place that declares every app setting Caseflow reads and every Azure resource name it uses.
 * Code reads settings only through `readSetting` (lint enforces it), and the infrastructure checks compare
 * the Bicep templates against these declarations, so a setting or container cannot exist in one and not the other.
 */
import { CaseflowError } from '../errors/caseflow-error.js';
import { documentMediaTypes } from '../http/file-signatures.js';

type SettingKind = 'string' | 'integer' | 'url';

/** Azure services a setting reaches; the infra checks require a data role for the app identity on each. */
export type AzureService = 'storage' | 'cosmos' | 'keyVault' | 'openAi' | 'contentSafety';

/**
 * How a setting is provided in Azure (the infra checks hold the Bicep to it; `readSetting` ignores it):
 * - `value` (the default): an app setting with this name;
 * - `identity-connection`: an identity-based connection, i.e. `<name>__credential`, `<name>__clientId` and the
 *   service URIs (`<name>__blobServiceUri`, ...) instead of the plain name, which would hold a secret;
 * - `local-only`: never set in Azure (emulator keys and certificates).
 */
export type AzureProvision = 'value' | 'identity-connection' | 'local-only';

interface SettingDeclaration<T> {
  /** Environment variable / app setting name, as Azure and local.settings.json spell it. */
  readonly name: string;
  readonly kind: SettingKind;
  readonly description: string;
  /** Used when the setting is absent; a setting with no default is required where it is read. */
  readonly defaultValue?: T;
  /** Optional settings may be left out of the Bicep (e.g. local-only tuning). */
  readonly optional: boolean;
  readonly azure?: AzureProvision;
  readonly service?: AzureService;
}

function setting<T>(declaration: SettingDeclaration<T>): SettingDeclaration<T> {
  return declaration;
}

export const settings = {
  maxModelBytes: setting<number>({
    name: 'CASEFLOW_MAX_MODEL_BYTES',
    kind: 'integer',
    description: 'Largest BPMN document accepted for import, in bytes.',
    defaultValue: 10 * 1024 * 1024,
    optional: true,
  }),
  storageConnection: setting<string>({
    name: 'AzureWebJobsStorage',
    kind: 'string',
    description: 'Storage account connection string (queues, blobs); locally it points at Azurite.',
    optional: false,
    azure: 'identity-connection',
    service: 'storage',
  }),
  cosmosEndpoint: setting<string>({
    name: 'CASEFLOW_COSMOS_ENDPOINT',
    kind: 'url',
    description: 'Cosmos DB (NoSQL) account endpoint.',
    optional: false,
    service: 'cosmos',
  }),
  cosmosKey: setting<string>({
    name: 'CASEFLOW_COSMOS_KEY',
    kind: 'string',
    description: 'Cosmos DB account key; set locally only (in Azure the app uses its managed identity).',
    optional: true,
    azure: 'local-only',
  }),
  keyVaultUrl: setting<string>({
    name: 'CASEFLOW_KEY_VAULT_URL',
    kind: 'url',
    description: 'Key Vault URL for secrets.',
    optional: false,
    service: 'keyVault',
  }),
  keyVaultLocalToken: setting<string>({
    name: 'CASEFLOW_KEY_VAULT_LOCAL_TOKEN',
    kind: 'string',
    description:
      'Local only: the static bearer token the local Key Vault accepts (in Azure the app uses its managed identity).',
    optional: true,
    azure: 'local-only',
  }),
  deploymentEnvironment: setting<string>({
    name: 'CASEFLOW_ENVIRONMENT',
    kind: 'string',
    description:
      'Which values of each connector this deployment uses: development, test or production (docs/connectors.md).',
    defaultValue: 'development',
    optional: false,
  }),
  smtpHost: setting<string>({
    name: 'CASEFLOW_SMTP_HOST',
    kind: 'string',
    description: 'SMTP server that send tasks deliver mail to.',
    optional: false,
  }),
  smtpPort: setting<number>({
    name: 'CASEFLOW_SMTP_PORT',
    kind: 'integer',
    description: 'Port of the SMTP server.',
    defaultValue: 587,
    optional: true,
  }),
  localCaFile: setting<string>({
    name: 'CASEFLOW_LOCAL_CA_FILE',
    kind: 'string',
    description:
      'Local only: PEM certificate of the local Cosmos DB and Key Vault emulators, trusted by those clients only.',
    optional: true,
    azure: 'local-only',
  }),
  devAuth: setting<string>({
    name: 'CASEFLOW_DEV_AUTH',
    kind: 'string',
    description:
      'Local only: `true` enables the development token issuer (POST /api/dev/token) and its demo users.',
    optional: true,
    azure: 'local-only',
  }),
  devAuthSecret: setting<string>({
    name: 'CASEFLOW_DEV_AUTH_SECRET',
    kind: 'string',
    description:
      'Local only: HMAC key that signs and checks development tokens; the local cloud generates it.',
    optional: true,
    azure: 'local-only',
  }),
  entraTenantId: setting<string>({
    name: 'CASEFLOW_ENTRA_TENANT_ID',
    kind: 'string',
    description: 'Microsoft Entra ID tenant whose access tokens the API accepts; unset: no Entra ID sign-in.',
    optional: true,
  }),
  entraAudience: setting<string>({
    name: 'CASEFLOW_ENTRA_AUDIENCE',
    kind: 'string',
    description:
      'The `aud` Entra ID access tokens must carry: the API app registration (api://... or client id).',
    optional: true,
  }),
  appServiceAuth: setting<string>({
    name: 'CASEFLOW_APP_SERVICE_AUTH',
    kind: 'string',
    description:
      '`true` accepts the caller from App Service authentication (Easy Auth) headers (`x-ms-client-principal`, docs/api.md#authentication). Only safe when Easy Auth runs in front of the app: it strips client-sent `x-ms-client-principal*` headers, without it anyone could forge them. Off by default.',
    optional: true,
  }),
  messageTimeToLiveSeconds: setting<number>({
    name: 'CASEFLOW_MESSAGE_TTL_SECONDS',
    kind: 'integer',
    description:
      'How long a published message that no subscription takes is kept for a later one, when the publisher names no time to live.',
    defaultValue: 3600,
    optional: true,
  }),
  localCrashAt: setting<string>({
    name: 'CASEFLOW_LOCAL_CRASH_AT',
    kind: 'string',
    description:
      'Local only, a test aid: `<point>[:<n>]` makes the local Functions host SIGKILL itself at the n-th (default first) time its Durable backend reaches that crash point (local/durable/crash-points.ts).',
    optional: true,
    azure: 'local-only',
  }),
  maxJsonBodyBytes: setting<number>({
    name: 'CASEFLOW_MAX_JSON_BODY_BYTES',
    kind: 'integer',
    description: 'Largest JSON request body accepted by the HTTP API, in bytes.',
    defaultValue: 1024 * 1024,
    optional: true,
  }),
  caseSweepSchedule: setting<string>({
    name: 'CASEFLOW_CASE_SWEEP_SCHEDULE',
    kind: 'string',
    description:
      'NCRONTAB schedule (6 fields) of the sweep that re-rings cases with unapplied inbox events (timer trigger binding).',
    defaultValue: '*/10 * * * * *',
    optional: false,
  }),
  caseSweepAgeSeconds: setting<number>({
    name: 'CASEFLOW_CASE_SWEEP_AGE_SECONDS',
    kind: 'integer',
    description: 'How old an unapplied inbox event must be before the sweep re-rings its case, in seconds.',
    defaultValue: 5,
    optional: true,
  }),
  caseAdvanceRetryMs: setting<number>({
    name: 'CASEFLOW_CASE_ADVANCE_RETRY_MS',
    kind: 'integer',
    description:
      'First retry interval of the advanceCase activity (doubling, 4 attempts) before a case is marked stuck, in ms.',
    defaultValue: 500,
    optional: true,
  }),
  jobRetryBackoffMs: setting<number>({
    name: 'CASEFLOW_JOB_RETRY_BACKOFF_MS',
    kind: 'integer',
    description:
      'First retry back-off of a failed built-in job (connectors, ...), doubling per failure up to an hour, in ms.',
    defaultValue: 30_000,
    optional: true,
  }),
  // Case attachments (docs/api.md#attachments).
  attachmentMaxBytes: setting<number>({
    name: 'CASEFLOW_ATTACHMENT_MAX_BYTES',
    kind: 'integer',
    description: 'Largest case attachment accepted, in bytes (413 beyond it).',
    defaultValue: 10 * 1024 * 1024,
    optional: true,
  }),
  attachmentMediaTypes: setting<string>({
    name: 'CASEFLOW_ATTACHMENT_MEDIA_TYPES',
    kind: 'string',
    description:
      'Comma-separated media types a case attachment may have (415 for others); default: PDF, PNG, JPEG, GIF, plain text, CSV, JSON, docx, xlsx.',
    defaultValue: documentMediaTypes.join(','),
    optional: true,
  }),
  attachmentsPerCase: setting<number>({
    name: 'CASEFLOW_ATTACHMENTS_PER_CASE',
    kind: 'integer',
    description: 'Most attachments one case may hold (409 `attachments.limit-reached` beyond).',
    defaultValue: 100,
    optional: true,
  }),
  attachmentOrphanSchedule: setting<string>({
    name: 'CASEFLOW_ATTACHMENT_ORPHAN_SCHEDULE',
    kind: 'string',
    description:
      'NCRONTAB schedule (6 fields) of the clean-up that deletes attachment blobs no document names (timer trigger binding).',
    defaultValue: '0 17 * * * *',
    optional: false,
  }),
  attachmentOrphanGraceSeconds: setting<number>({
    name: 'CASEFLOW_ATTACHMENT_ORPHAN_GRACE_SECONDS',
    kind: 'integer',
    description:
      'How old an attachment blob without a metadata document must be before the clean-up deletes it, in seconds.',
    defaultValue: 3600,
    optional: true,
  }),
  // Email (docs/email.md).
  emailFrom: setting<string>({
    name: 'CASEFLOW_EMAIL_FROM',
    kind: 'string',
    description: 'The From address of every mail Caseflow sends.',
    defaultValue: 'caseflow@caseflow.local',
    optional: true,
  }),
  emailReplyDomain: setting<string>({
    name: 'CASEFLOW_EMAIL_REPLY_DOMAIN',
    kind: 'string',
    description:
      'Domain of the reply address `reply+<token>@<domain>` put on notifications; unset: notifications carry no reply token.',
    optional: true,
  }),
  emailTokenSecret: setting<string>({
    name: 'CASEFLOW_EMAIL_TOKEN_SECRET',
    kind: 'string',
    description:
      'HMAC key that signs reply tokens (in Azure a Key Vault reference); unset: no reply tokens, replies change nothing.',
    optional: true,
  }),
  emailInboundSecret: setting<string>({
    name: 'CASEFLOW_EMAIL_INBOUND_SECRET',
    kind: 'string',
    description:
      'Shared secret the inbound mail webhook requires in `X-Caseflow-Email-Key` (in Azure a Key Vault reference); unset: the webhook refuses every call.',
    optional: true,
  }),
  emailMaxInboundBytes: setting<number>({
    name: 'CASEFLOW_EMAIL_MAX_INBOUND_BYTES',
    kind: 'integer',
    description: 'Largest raw MIME message the inbound mail webhook accepts, in bytes.',
    defaultValue: 10 * 1024 * 1024,
    optional: true,
  }),
  emailReplyTokenHours: setting<number>({
    name: 'CASEFLOW_EMAIL_REPLY_TOKEN_HOURS',
    kind: 'integer',
    description: 'How long a reply token on a notification stays valid, in hours.',
    defaultValue: 14 * 24,
    optional: true,
  }),
  emailOverdueSchedule: setting<string>({
    name: 'CASEFLOW_EMAIL_OVERDUE_SCHEDULE',
    kind: 'string',
    description:
      'NCRONTAB schedule (6 fields) of the sweep that sends "task overdue" notifications (timer trigger binding).',
    defaultValue: '0 */5 * * * *',
    optional: false,
  }),
} as const;

export type SettingKey = keyof typeof settings;
type SettingValue<K extends SettingKey> =
  (typeof settings)[K] extends SettingDeclaration<infer T> ? T : never;

/** Reads and converts one declared setting; a bad or missing required value is a configuration error. */
export function readSetting<K extends SettingKey>(
  key: K,
  env: Readonly<Record<string, string | undefined>> = process.env,
): SettingValue<K> {
  const declaration = settings[key] as SettingDeclaration<SettingValue<K>>;
  const raw = env[declaration.name];
  if (raw === undefined || raw === '') {
    if (declaration.defaultValue !== undefined) return declaration.defaultValue;
    throw new CaseflowError('config.missing-setting', `Setting ${declaration.name} is required.`, {
      setting: declaration.name,
    });
  }
  return convert(declaration, raw) as SettingValue<K>;
}

/** Like `readSetting`, but an absent setting without default is `undefined` (local-only and opt-in settings). */
export function readOptionalSetting<K extends SettingKey>(
  key: K,
  env: Readonly<Record<string, string | undefined>> = process.env,
): SettingValue<K> | undefined {
  const raw = env[settings[key].name];
  if (raw === undefined || raw === '') return settings[key].defaultValue as SettingValue<K> | undefined;
  return readSetting(key, env);
}

/**
 * Where an identity-based connection points (`<name>__blobServiceUri` or `<name>__accountName`, as the
 * Functions host reads them) when the plain setting holding a connection string is absent.
 */
export type StorageConnection =
  | { readonly kind: 'connection-string'; readonly connectionString: string }
  | { readonly kind: 'identity'; readonly blobServiceUri: string };

export function readStorageConnection(
  env: Readonly<Record<string, string | undefined>> = process.env,
): StorageConnection {
  const name = settings.storageConnection.name;
  const connectionString = env[name];
  if (connectionString) return { kind: 'connection-string', connectionString };
  const blobServiceUri = env[`${name}__blobServiceUri`];
  if (blobServiceUri) return { kind: 'identity', blobServiceUri };
  const accountName = env[`${name}__accountName`];
  if (accountName)
    return { kind: 'identity', blobServiceUri: `https://${accountName}.blob.core.windows.net` };
  throw new CaseflowError(
    'config.missing-setting',
    `Setting ${name} (or ${name}__blobServiceUri / ${name}__accountName) is required.`,
    { setting: name },
  );
}

/** The queue endpoint of an identity-based storage connection (`<name>__queueServiceUri` or the account name). */
export function readQueueServiceUri(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const name = settings.storageConnection.name;
  const queueServiceUri = env[`${name}__queueServiceUri`];
  if (queueServiceUri) return queueServiceUri;
  const accountName = env[`${name}__accountName`];
  if (accountName) return `https://${accountName}.queue.core.windows.net`;
  throw new CaseflowError(
    'config.missing-setting',
    `Setting ${name} (or ${name}__queueServiceUri / ${name}__accountName) is required.`,
    { setting: name },
  );
}

function convert(declaration: SettingDeclaration<unknown>, raw: string): string | number {
  switch (declaration.kind) {
    case 'integer': {
      const value = Number(raw);
      if (!Number.isSafeInteger(value) || value < 0) {
        throw new CaseflowError(
          'config.invalid-setting',
          `Setting ${declaration.name} must be a non-negative integer.`,
          { setting: declaration.name },
        );
      }
      return value;
    }
    case 'url':
      if (!URL.canParse(raw)) {
        throw new CaseflowError('config.invalid-setting', `Setting ${declaration.name} must be a URL.`, {
          setting: declaration.name,
        });
      }
      return raw;
    case 'string':
      return raw;
  }
}

/** The Cosmos DB (NoSQL) database that holds every container below. */
export const cosmosDatabase = { name: 'caseflow' } as const;

/**
 * Cosmos DB (NoSQL) containers: name and partition key path. Every document carries `tenantId`. `defaultTtl`
 * -1 switches time to live on without a default, so only documents that carry a `ttl` (seconds) expire.
 */
export const cosmosContainers = {
  definitions: { name: 'definitions', partitionKey: '/tenantId' },
  cases: { name: 'cases', partitionKey: '/tenantId' },
  jobs: { name: 'jobs', partitionKey: '/tenantId' },
  messages: { name: 'messages', partitionKey: '/tenantId', defaultTtl: -1 },
  incidents: { name: 'incidents', partitionKey: '/tenantId' },
  connectors: { name: 'connectors', partitionKey: '/tenantId' },
  tasks: { name: 'tasks', partitionKey: '/tenantId' },
  /** Email templates, settings, trigger rules, reply tokens, sent records, rejected inbound mail. */
  email: { name: 'email', partitionKey: '/tenantId' },
} as const;

/** Storage queues the app reads or writes. */
export const storageQueues = {
  /** New jobs whose type has a built-in handler (see docs/api.md, Jobs). */
  jobDispatch: { name: 'job-dispatch' },
  /** Mails to send over SMTP (send tasks, notifications); the host moves failures to `email-outbound-poison`. */
  emailOutbound: { name: 'email-outbound' },
  /** Inbound mails accepted by the webhook, parsed and stored in the `email-inbound` blob container. */
  emailInbound: { name: 'email-inbound' },
} as const;

/** Blob containers the app reads or writes. */
export const blobContainers = {
  modelSources: { name: 'model-sources' },
  /**
   * `<tenantId>/<caseId>/<file name>`: files of a case (send task attachments, inbound mail attachments);
   * `<tenantId>/<caseId>/attachments/<uuid>`: the bytes of the Cases API's attachments.
   */
  caseAttachments: { name: 'case-attachments' },
  /** `<id>.json`: an inbound mail as the webhook parsed it (text only), with its attachments beside it. */
  emailInbound: { name: 'email-inbound' },
} as const;

/**
 * The options of a Cosmos DB trigger (`app.cosmosDB`, extension 4.x names) with the extension's defaults, and
 * the function-level `retry` policy that applies to it. `%setting%` in names is replaced by the app setting.
 */
import { resolveAppSettings } from './binding-expressions.js';
import type { RpcBindingInfo } from './rpc-types.js';

export interface CosmosAccountSettings {
  endpoint: string;
  key: string;
}

export interface CosmosTriggerOptions {
  account: CosmosAccountSettings;
  databaseName: string;
  containerName: string;
  leaseAccount: CosmosAccountSettings;
  leaseDatabaseName: string;
  leaseContainerName: string;
  leaseContainerPrefix: string;
  createLeaseContainerIfNotExists: boolean;
  startFromBeginning: boolean;
  startFromTime?: Date;
  maxItemsPerInvocation: number;
  feedPollDelayMs: number;
}

/** The change feed processor's page size, used when `maxItemsPerInvocation` is not set. */
const defaultMaxItems = 100;
const defaultFeedPollDelayMs = 5000;

/** The trigger's options; throws with a message the host reports when they cannot work. */
export function toCosmosTriggerOptions(
  binding: RpcBindingInfo,
  env: Readonly<Record<string, string>>,
): CosmosTriggerOptions {
  const text = (name: string, fallback?: string): string => {
    const value = binding[name];
    if (value === undefined || value === null || value === '') {
      if (fallback !== undefined) return fallback;
      throw new Error(`the Cosmos DB trigger needs '${name}'.`);
    }
    return resolveAppSettings(String(value), env);
  };
  const connection = text('connection');
  const databaseName = text('databaseName');
  const startFromTime = binding['startFromTime'];
  const options: CosmosTriggerOptions = {
    account: accountFromSetting(connection, env),
    databaseName,
    containerName: text('containerName'),
    leaseAccount: accountFromSetting(text('leaseConnection', connection), env),
    leaseDatabaseName: text('leaseDatabaseName', databaseName),
    leaseContainerName: text('leaseContainerName', 'leases'),
    leaseContainerPrefix: text('leaseContainerPrefix', ''),
    createLeaseContainerIfNotExists: binding['createLeaseContainerIfNotExists'] === true,
    startFromBeginning: binding['startFromBeginning'] === true,
    maxItemsPerInvocation:
      positive(binding['maxItemsPerInvocation'], 'maxItemsPerInvocation') ?? defaultMaxItems,
    feedPollDelayMs: positive(binding['feedPollDelay'], 'feedPollDelay') ?? defaultFeedPollDelayMs,
  };
  if (typeof startFromTime === 'string' && startFromTime !== '') {
    const date = new Date(startFromTime);
    if (Number.isNaN(date.getTime())) throw new Error(`startFromTime '${startFromTime}' is not a date.`);
    options.startFromTime = date;
  }
  return options;
}

/** The app setting holds a connection string `AccountEndpoint=...;AccountKey=...;`. */
function accountFromSetting(name: string, env: Readonly<Record<string, string>>): CosmosAccountSettings {
  const value = env[name] ?? env[`ConnectionStrings:${name}`];
  if (!value) throw new Error(`the Cosmos DB connection setting '${name}' is not set.`);
  const parts = new Map(
    value
      .split(';')
      .map((part) => part.trim())
      .filter(Boolean)
      .map((part) => {
        const at = part.indexOf('=');
        return [part.slice(0, at).toLowerCase(), part.slice(at + 1)] as const;
      }),
  );
  const endpoint = parts.get('accountendpoint');
  const key = parts.get('accountkey');
  if (!endpoint || !key) {
    throw new Error(
      `the setting '${name}' is not a Cosmos DB connection string (AccountEndpoint=...;AccountKey=...;).`,
    );
  }
  return { endpoint, key };
}

function positive(value: unknown, name: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) throw new Error(`'${name}' must be a positive number.`);
  return number;
}

export interface RetryPolicy {
  /** -1: retry for ever. */
  maxRetryCount: number;
  /** The wait before retry `n` (1-based). */
  delayMs(retry: number): number;
}

/**
 * The function's `retry` option as the library passes it (RpcRetryOptions, durations as `{seconds, nanos}`):
 * `fixedDelay` waits `delayInterval` each time, `exponentialBackoff` doubles from `minimumInterval` up to
 * `maximumInterval`. Undefined when the function has none.
 */
export function toRetryPolicy(raw: unknown): RetryPolicy | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const options = raw as Record<string, unknown>;
  const strategy = String(options['retryStrategy'] ?? options['strategy'] ?? '');
  const maxRetryCount = Number(options['maxRetryCount'] ?? 0);
  const duration = (value: unknown) => {
    if (typeof value === 'number') return value;
    const { seconds, nanos } = (value ?? {}) as { seconds?: number | string; nanos?: number };
    return Number(seconds ?? 0) * 1000 + Math.floor((nanos ?? 0) / 1e6);
  };
  if (/fixed/i.test(strategy)) {
    const delay = duration(options['delayInterval']);
    return { maxRetryCount, delayMs: () => delay };
  }
  if (/exponential/i.test(strategy)) {
    const minimum = duration(options['minimumInterval']);
    const maximum = duration(options['maximumInterval']);
    return { maxRetryCount, delayMs: (retry) => Math.min(maximum, minimum * 2 ** (retry - 1)) };
  }
  return undefined;
}

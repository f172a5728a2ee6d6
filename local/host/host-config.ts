/**
 * The parts of host.json the local host honours: the HTTP route prefix and the function timeout.
 * Values follow the real host's defaults: prefix `api`, timeout 5 minutes (Consumption plan).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';

export interface HostJson {
  functionTimeout?: unknown;
  extensions?: { http?: { routePrefix?: unknown } };
}

export interface HostConfig {
  routePrefix: string;
  /** Milliseconds; undefined = no timeout (`-1`, allowed on dedicated plans). */
  functionTimeoutMs: number | undefined;
  /** The timeout as host.json spells it, for the host's messages. */
  functionTimeoutText: string;
}

const defaultTimeout = '00:05:00';

export async function readHostJson(appRoot: string): Promise<HostJson> {
  try {
    return JSON.parse(await readFile(path.join(appRoot, 'host.json'), 'utf8')) as HostJson;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new Error(`host.json could not be read: ${(error as Error).message}`);
  }
}

export function toHostConfig(hostJson: HostJson): HostConfig {
  const prefix = hostJson.extensions?.http?.routePrefix;
  const routePrefix = typeof prefix === 'string' ? prefix.replace(/^\/+|\/+$/g, '') : 'api';
  const timeout = hostJson.functionTimeout ?? defaultTimeout;
  if (typeof timeout !== 'string')
    throw new Error('host.json functionTimeout must be a string such as "00:05:00".');
  return { routePrefix, functionTimeoutMs: parseTimeSpan(timeout), functionTimeoutText: timeout };
}

/** Parses a .NET TimeSpan as host.json uses it: `[d.]hh:mm:ss[.fffffff]`, or `-1` for unlimited. */
export function parseTimeSpan(text: string): number | undefined {
  if (text.trim() === '-1') return undefined;
  const match = /^(?:(\d+)\.)?(\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.(\d{1,7}))?$/.exec(text.trim());
  if (!match) throw new Error(`host.json functionTimeout "${text}" is not a time span such as "00:05:00".`);
  const [, days, hours, minutes, seconds, fraction] = match;
  const wholeSeconds =
    Number(days ?? 0) * 86400 + Number(hours) * 3600 + Number(minutes) * 60 + Number(seconds);
  return wholeSeconds * 1000 + Math.round(Number(`0.${fraction ?? '0'}`) * 1000);
}

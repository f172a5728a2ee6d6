/**
 * authLevel checks with keys from local settings. Core Tools does not check keys at all; this host does
 * the same unless keys are configured, and then behaves like Azure: `function` accepts the function key or
 * the master key, `admin` only the master key, given as the `x-functions-key` header or the `code` query.
 */
import type { AuthLevel } from './http-routes.js';

/** Local settings (local.settings.json "Values") the host reads its keys from. */
export const hostKeySettings = {
  functionKey: 'CASEFLOW_LOCAL_FUNCTION_KEY',
  masterKey: 'CASEFLOW_LOCAL_MASTER_KEY',
} as const;

export interface HostKeys {
  functionKey?: string;
  masterKey?: string;
}

export function hostKeysFromSettings(values: Readonly<Record<string, string>>): HostKeys {
  const functionKey = values[hostKeySettings.functionKey];
  const masterKey = values[hostKeySettings.masterKey];
  return {
    ...(functionKey ? { functionKey } : {}),
    ...(masterKey ? { masterKey } : {}),
  };
}

export function keysEnforced(keys: HostKeys): boolean {
  return keys.functionKey !== undefined || keys.masterKey !== undefined;
}

export function isAuthorized(level: AuthLevel, keys: HostKeys, presented: string | undefined): boolean {
  if (level === 'anonymous' || !keysEnforced(keys)) return true;
  if (presented === undefined || presented === '') return false;
  if (presented === keys.masterKey) return true;
  return level === 'function' && presented === keys.functionKey;
}

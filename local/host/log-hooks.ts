/**
 * Runs the app's `log` hooks for one log entry. Hooks may change the level and message of user logs; a hook
 * that throws is reported once as a system log instead of breaking the caller's logging.
 */
import type { CoreState } from './core-api.js';
import type { RpcLogCategory, RpcLogLevel } from './rpc-types.js';

export interface LogEntry {
  level: RpcLogLevel;
  category: RpcLogCategory;
  message: string;
  invocationContext?: unknown;
}

export function runLogHooks(state: CoreState, entry: LogEntry): LogEntry | undefined {
  const hooks = state.hooksOf('log');
  if (hooks.length === 0) return entry;
  const context: Record<string, unknown> = { hookData: {}, appHookData: state.appHookData, ...entry };
  for (const hook of hooks) {
    try {
      hook(context);
    } catch (error) {
      state.sendLog(
        'error',
        'system',
        `A log hook failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  if (context.level === 'none') return undefined;
  return { ...entry, level: context.level as RpcLogLevel, message: String(context.message) };
}

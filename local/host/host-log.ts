/** The host's log: one sink receives host, worker and function logs; by default it prints like Core Tools. */
import type { RpcLogLevel } from './rpc-types.js';

export interface HostLogEntry {
  level: RpcLogLevel;
  /** `host` for the host's own messages, `user`/`system` for logs from the worker, `console` for its output. */
  category: 'host' | 'user' | 'system' | 'console';
  message: string;
  functionName?: string;
  invocationId?: string;
}

export type HostLogSink = (entry: HostLogEntry) => void;

export const consoleLogSink: HostLogSink = (entry) => {
  const prefix = entry.functionName && entry.category === 'user' ? `[Functions.${entry.functionName}] ` : '';
  const line = `[${new Date().toISOString()}] ${prefix}${entry.message}`;
  if (entry.level === 'error' || entry.level === 'critical' || entry.level === 'warning') console.error(line);
  else console.log(line);
};

/**
 * Starts the change feed listeners of the app's Cosmos DB-triggered functions and stops them with the host. A
 * function whose options cannot work (a missing setting, a bad value) is reported and left out.
 */
import { toCosmosTriggerOptions, toRetryPolicy } from './cosmos-trigger-options.js';
import { CosmosTriggerListener, localCaPem } from './cosmos-trigger-listener.js';
import type { FunctionIndex } from './function-index.js';
import type { HostLogSink } from './host-log.js';
import type { MessageEncoding, StorageQueues } from './storage-queues.js';
import type { Invoker } from './worker-supervisor.js';

export interface CosmosTriggerListeners {
  /** "name (cosmosDBTrigger)" for each function whose listener runs. */
  running: string[];
  stopListening(): void;
  /** Settles once the listeners ended (a running invocation ends with the worker). */
  settled(): Promise<void>;
}

export function startCosmosTriggerListeners(options: {
  index: FunctionIndex;
  env: Readonly<Record<string, string>>;
  queues: StorageQueues;
  messageEncoding: MessageEncoding;
  supervisor: Invoker;
  log: HostLogSink;
}): CosmosTriggerListeners {
  const { index, env, log } = options;
  const listeners: CosmosTriggerListener[] = [];
  const running: string[] = [];
  let caPem: string | undefined;
  try {
    caPem = index.cosmos.length > 0 ? localCaPem(env) : undefined;
  } catch (error) {
    log({ level: 'error', category: 'host', message: `CASEFLOW_LOCAL_CA_FILE: ${(error as Error).message}` });
  }
  for (const target of index.cosmos) {
    try {
      const triggerOptions = toCosmosTriggerOptions(target.trigger, env);
      const context = { ...options, caPem };
      listeners.push(
        new CosmosTriggerListener(target, triggerOptions, toRetryPolicy(target.retryOptions), context),
      );
      running.push(`${target.name} (${target.trigger.type})`);
    } catch (error) {
      log({
        level: 'error',
        category: 'host',
        functionName: target.name,
        message: `Function '${target.name}' cannot run: ${(error as Error).message}`,
      });
    }
  }
  for (const listener of listeners) listener.start();
  return {
    running,
    stopListening() {
      for (const listener of listeners) listener.stopPolling();
    },
    async settled() {
      await Promise.all(listeners.map((listener) => listener.settled()));
    },
  };
}

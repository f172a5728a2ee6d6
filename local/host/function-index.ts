/**
 * The host's view of the app's functions, from the metadata the worker reported: each function with its
 * trigger binding, grouped by trigger kind. A new trigger kind (queue, timer, Durable) adds its group here
 * and its own listener; the worker-side invocation path is the same for every kind.
 */
import type { HostLogSink } from './host-log.js';
import type { RpcBindingInfo, RpcFunctionMetadata } from './rpc-types.js';

export interface HostFunction {
  name: string;
  functionId: string;
  triggerBindingName: string;
  trigger: RpcBindingInfo;
  /** Every binding by name: the trigger, inputs such as durableClient, outputs the host writes. */
  bindings: Record<string, RpcBindingInfo>;
  /** The function's `retry` option (RpcRetryOptions), when it has one. */
  retryOptions?: unknown;
}

export interface FunctionIndex {
  http: HostFunction[];
  queue: HostFunction[];
  timer: HostFunction[];
  /** Durable Functions orchestrators and activities (run by local/durable). */
  orchestration: HostFunction[];
  activity: HostFunction[];
  /** Cosmos DB (change feed) triggers. */
  cosmos: HostFunction[];
  /** Durable entities (`df.app.entity`). */
  entity: HostFunction[];
  /** Functions whose trigger this host does not run yet; reported at startup. */
  notRun: HostFunction[];
}

export function indexFunctions(metadata: readonly RpcFunctionMetadata[], log: HostLogSink): FunctionIndex {
  const index: FunctionIndex = {
    http: [],
    queue: [],
    timer: [],
    orchestration: [],
    activity: [],
    entity: [],
    cosmos: [],
    notRun: [],
  };
  for (const entry of metadata) {
    const name = entry.name ?? '';
    const triggers = Object.entries(entry.bindings ?? {}).filter(([, binding]) =>
      /trigger$/i.test(binding.type ?? ''),
    );
    const [trigger] = triggers;
    if (triggers.length !== 1 || !trigger) {
      log({
        level: 'error',
        category: 'host',
        message: `Function '${name}' must have exactly one trigger binding.`,
      });
      continue;
    }
    const hostFunction: HostFunction = {
      name,
      functionId: entry.functionId ?? name,
      triggerBindingName: trigger[0],
      trigger: trigger[1],
      bindings: entry.bindings ?? {},
      ...(entry.retryOptions ? { retryOptions: entry.retryOptions } : {}),
    };
    const kind = trigger[1].type?.toLowerCase();
    if (kind === 'httptrigger') index.http.push(hostFunction);
    else if (kind === 'queuetrigger') index.queue.push(hostFunction);
    else if (kind === 'timertrigger') index.timer.push(hostFunction);
    else if (kind === 'orchestrationtrigger') index.orchestration.push(hostFunction);
    else if (kind === 'activitytrigger') index.activity.push(hostFunction);
    else if (kind === 'entitytrigger') index.entity.push(hostFunction);
    else if (kind === 'cosmosdbtrigger') index.cosmos.push(hostFunction);
    else {
      index.notRun.push(hostFunction);
      const message = `Function '${name}' has a '${trigger[1].type}' trigger, which the local host does not run yet.`;
      log({ level: 'warning', category: 'host', message });
    }
  }
  return index;
}

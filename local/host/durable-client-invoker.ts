/**
 * In Azure any function (HTTP, queue, timer, activity) may declare a `durableClient` input. This invoker
 * wraps the worker supervisor so every invocation, whatever its trigger, gets the client binding data for
 * each durableClient input its function declares, in one place instead of in each trigger's listener.
 */
import { durableClientInputs, type ClientBindingData } from '../durable/client-binding.js';
import type { HostFunction } from './function-index.js';
import type { Invoker } from './worker-supervisor.js';

export function withDurableClientInputs(
  invoker: Invoker,
  functions: readonly HostFunction[],
  data: ClientBindingData,
): Invoker {
  const byId = new Map(functions.map((target) => [target.functionId, target]));
  return {
    invoke(functionName, request, reason) {
      const target = byId.get(request.functionId ?? '');
      const extra = target ? durableClientInputs(target, data) : [];
      if (extra.length === 0) return invoker.invoke(functionName, request, reason);
      return invoker.invoke(
        functionName,
        { ...request, inputData: [...(request.inputData ?? []), ...extra] },
        reason,
      );
    },
  };
}

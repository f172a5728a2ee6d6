/**
 * The `durableClient` input binding: the JSON the host hands to every function that declares it, as the
 * Durable extension builds it. `rpcBaseUrl` points at this host's management API, so the JS DurableClient
 * sends every call there; the webhook templates are what check-status responses show.
 */
import type { HostFunction } from '../host/function-index.js';
import type { RpcParameterBinding } from '../host/rpc-types.js';

export const managementPathPrefix = '/runtime/webhooks/durabletask';
export const instanceIdPlaceholder = 'INSTANCEID';

export interface ClientBindingData {
  taskHubName: string;
  creationUrls: Record<string, string>;
  managementUrls: Record<string, string>;
  baseUrl: string;
  requiredQueryStringParameters: string;
  rpcBaseUrl: string;
}

export function clientBindingData(origin: string, hubName: string): ClientBindingData {
  const baseUrl = `${origin}${managementPathPrefix}`;
  return {
    taskHubName: hubName,
    creationUrls: {
      createNewInstancePostUri: `${baseUrl}/orchestrators/{functionName}[/{instanceId}]?`,
      createAndWaitOnNewInstancePostUri: `${baseUrl}/orchestrators/{functionName}[/{instanceId}]?timeout={timeoutInSeconds}&pollingInterval={intervalInSeconds}&`,
    },
    managementUrls: managementUrls(baseUrl, hubName, instanceIdPlaceholder),
    baseUrl,
    requiredQueryStringParameters: '',
    rpcBaseUrl: `${baseUrl}/`,
  };
}

/** The check-status links of one instance (also the body of a 202 from start). */
export function managementUrls(baseUrl: string, hubName: string, instanceId: string): Record<string, string> {
  const instance = `${baseUrl}/instances/${instanceId}`;
  const hub = `taskHub=${hubName}&connection=Storage`;
  return {
    id: instanceId,
    statusQueryGetUri: `${instance}?${hub}`,
    sendEventPostUri: `${instance}/raiseEvent/{eventName}?${hub}`,
    terminatePostUri: `${instance}/terminate?reason={text}&${hub}`,
    rewindPostUri: `${instance}/rewind?reason={text}&${hub}`,
    purgeHistoryDeleteUri: `${instance}?${hub}`,
    restartPostUri: `${instance}/restart?${hub}`,
    suspendPostUri: `${instance}/suspend?reason={text}&${hub}`,
    resumePostUri: `${instance}/resume?reason={text}&${hub}`,
  };
}

/** The names of the durableClient input bindings `target` declares. */
export function durableClientBindingNames(target: HostFunction): string[] {
  return Object.entries(target.bindings)
    .filter(
      ([, binding]) =>
        /^(durableClient|orchestrationClient)$/i.test(binding.type ?? '') && binding.direction === 'in',
    )
    .map(([name]) => name);
}

/** The extra inputs of an invocation of `target`: one per durableClient binding it declares. */
export function durableClientInputs(target: HostFunction, data: ClientBindingData): RpcParameterBinding[] {
  const text = JSON.stringify(data);
  return durableClientBindingNames(target).map((name) => ({ name, data: { string: text } }));
}

/**
 * Connects the Durable backend (local/durable) to the host: runs the app's orchestrators and activities,
 * serves the management API on the host port and gives every function's durableClient bindings their data. Durable state
 * lives in the storage account of `AzureWebJobsStorage` (Azurite locally), task hub from host.json
 * `extensions.durableTask.hubName` (default `TestHubName`, as Core Tools).
 */
import { availableParallelism } from 'node:os';
import {
  clientBindingData,
  durableClientBindingNames,
  durableClientInputs,
} from '../durable/client-binding.js';
import { DurableBackend } from '../durable/durable-backend.js';
import { InstanceStore } from '../durable/instance-store.js';
import { handleManagementRequest, isManagementPath } from '../durable/management-api.js';
import type { FunctionIndex } from './function-index.js';
import type { HostJson } from './host-config.js';
import type { HostLogSink } from './host-log.js';
import type { DurableFrontEnd } from './http-server.js';
import type { WorkerSupervisor } from './worker-supervisor.js';

export interface DurableHost extends DurableFrontEnd {
  stop(): void;
}

export async function startDurable(options: {
  index: FunctionIndex;
  env: Record<string, string>;
  hostJson: HostJson;
  port: number;
  supervisor: WorkerSupervisor;
  log: HostLogSink;
}): Promise<DurableHost | undefined> {
  const { index, env, log } = options;
  const everyFunction = [
    ...index.http,
    ...index.queue,
    ...index.timer,
    ...index.orchestration,
    ...index.activity,
  ];
  const usesClient = everyFunction.some((target) => durableClientBindingNames(target).length > 0);
  if (index.orchestration.length === 0 && index.activity.length === 0 && !usesClient) return undefined;
  const connection = env['AzureWebJobsStorage'];
  if (!connection) {
    log({
      level: 'error',
      category: 'host',
      message: 'Durable Functions need the AzureWebJobsStorage setting (Azurite locally); they do not run.',
    });
    return undefined;
  }
  const durableTask = (options.hostJson.extensions as { durableTask?: Record<string, unknown> } | undefined)
    ?.durableTask;
  const hubName = typeof durableTask?.['hubName'] === 'string' ? durableTask['hubName'] : 'TestHubName';
  // The extension's defaults: 10 of each per processor.
  const perProcessor = 10 * availableParallelism();
  const limit = (name: string) => {
    const value = durableTask?.[name];
    return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : perProcessor;
  };
  const backend = new DurableBackend({
    store: new InstanceStore(connection, hubName),
    invoker: options.supervisor,
    orchestrators: index.orchestration,
    activities: index.activity,
    maxConcurrentActivities: limit('maxConcurrentActivityFunctions'),
    maxConcurrentOrchestrators: limit('maxConcurrentOrchestratorFunctions'),
    log,
  });
  await backend.recover();
  const clientData = clientBindingData(`http://localhost:${options.port}`, hubName);
  // Any function may declare a durableClient input (HTTP, timer, queue, activity), as in Azure.
  const byName = new Map(everyFunction.map((target) => [target.name, target]));
  options.supervisor.provideInputs((name) => {
    const target = byName.get(name);
    return target ? durableClientInputs(target, clientData) : [];
  });
  return {
    handles: isManagementPath,
    handle: (request, response) => handleManagementRequest(backend, hubName, request, response),
    stop: () => backend.stop(),
  };
}

/**
 * Connects the Durable backend (local/durable) to the host: runs the app's orchestrators and activities,
 * serves the management API on the host port and gives durableClient bindings their data, to functions of
 * every trigger kind (through the invoker it returns). Durable state
 * lives in the storage account of `AzureWebJobsStorage` (Azurite locally), task hub from host.json
 * `extensions.durableTask.hubName` (default `TestHubName`, as Core Tools).
 */
import { availableParallelism } from 'node:os';
import { clientBindingData, durableClientBindingNames } from '../durable/client-binding.js';
import { readOptionalSetting } from '../../shared/config/registry.js';
import { crashHookFrom, crashPoints } from '../durable/crash-points.js';
import { DurableBackend, type DurableTiming } from '../durable/durable-backend.js';
import { handleEntityRequest, isEntityPath } from '../durable/entity-api.js';
import { EntityBackend } from '../durable/entity-backend.js';
import { EntityLinks } from '../durable/entity-links.js';
import { EntityStore } from '../durable/entity-store.js';
import { InstanceStore } from '../durable/instance-store.js';
import { handleManagementRequest, isManagementPath } from '../durable/management-api.js';
import type { FunctionIndex } from './function-index.js';
import type { HostJson } from './host-config.js';
import type { HostLogSink } from './host-log.js';
import { withDurableClientInputs } from './durable-client-invoker.js';
import type { DurableFrontEnd } from './http-server.js';
import type { Invoker, WorkerSupervisor } from './worker-supervisor.js';

export interface DurableHost extends DurableFrontEnd {
  /** The supervisor, adding durableClient inputs: every trigger invokes through it. */
  invoker: Invoker;
  stop(): void;
}

export async function startDurable(options: {
  index: FunctionIndex;
  env: Record<string, string>;
  hostJson: HostJson;
  port: number;
  supervisor: WorkerSupervisor;
  log: HostLogSink;
  durableTiming?: (timing: DurableTiming) => void;
}): Promise<DurableHost | undefined> {
  const { index, env, log } = options;
  const all = [
    ...index.http,
    ...index.queue,
    ...index.timer,
    ...index.orchestration,
    ...index.activity,
    ...index.entity,
  ];
  const usesClient = all.some((target) => durableClientBindingNames(target).length > 0);
  const durableFunctions = index.orchestration.length + index.activity.length + index.entity.length;
  if (durableFunctions === 0 && !usesClient) return undefined;
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
  const crashAt = readOptionalSetting('localCrashAt', env);
  const crash = crashHookFrom(crashAt);
  if (crashAt !== undefined && !crash) {
    log({
      level: 'warning',
      category: 'host',
      message: `CASEFLOW_LOCAL_CRASH_AT '${crashAt}' names no crash point (${crashPoints.join(', ')}); ignored.`,
    });
  }
  const clientData = clientBindingData(`http://localhost:${options.port}`, hubName);
  const invoker = withDurableClientInputs(options.supervisor, all, clientData);
  const links = new EntityLinks(log);
  const backend = new DurableBackend({
    // The host is the hub's one writer: its store may remember what it wrote.
    store: new InstanceStore(connection, hubName, { remember: true }),
    invoker,
    orchestrators: index.orchestration,
    activities: index.activity,
    maxConcurrentActivities: limit('maxConcurrentActivityFunctions'),
    maxConcurrentOrchestrators: limit('maxConcurrentOrchestratorFunctions'),
    log,
    sendEntityRequests: (document) => links.sendRequests(document),
    ...(crash ? { crash } : {}),
    ...(options.durableTiming ? { timing: options.durableTiming } : {}),
  });
  const entities = new EntityBackend({
    store: new EntityStore(connection, hubName),
    invoker,
    entities: index.entity,
    deliverResponse: (to, requestId, input) => links.deliverResponse(to, requestId, input),
    log,
  });
  links.connect(backend, entities);
  await entities.recover();
  await backend.recover();
  return {
    invoker,
    handles: isManagementPath,
    handle: (request, response) =>
      isEntityPath(new URL(request.url ?? '/', 'http://localhost').pathname)
        ? handleEntityRequest(entities, request, response)
        : handleManagementRequest(backend, hubName, request, response),
    stop: () => {
      links.stop();
      backend.stop();
      entities.stop();
    },
  };
}

/**
 * Starts the local Functions host for an app: reads host.json and local settings, starts the worker that
 * loads the app's entry module, and serves its HTTP triggers. `port: 0` picks a free port (tests).
 */
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { keepIdleConnections } from '../idle-connections.js';
import { appEnvironment, loadLocalSettings } from '../settings.js';
import { indexFunctions } from './function-index.js';
import { readHostJson, toHostConfig, type HostJson } from './host-config.js';
import { consoleLogSink, type HostLogSink } from './host-log.js';
import { hostKeysFromSettings, keysEnforced } from './http-auth.js';
import { startCosmosTriggerListeners } from './cosmos-trigger-listeners.js';
import type { DurableTiming } from '../durable/durable-backend.js';
import { startDurable } from './durable-wiring.js';
import { buildHttpRoutes, describeRoute } from './http-routes.js';
import { createRequestListener } from './http-server.js';
import { queueMessageEncoding } from './queue-options.js';
import { startQueueTimerListeners } from './queue-timer-listeners.js';
import { StorageQueues } from './storage-queues.js';
import { WorkerSupervisor } from './worker-supervisor.js';

export interface FunctionsHostOptions {
  /** The app's root: package.json ("main" is the entry), host.json, local.settings.json. */
  appRoot: string;
  /** 0 picks a free port. */
  port: number;
  /** Local settings ("Values"); default: local.settings.json, created from the sample when missing. */
  settings?: Record<string, string>;
  /** host.json contents; default: the app root's host.json. */
  hostJson?: HostJson;
  log?: HostLogSink;
  /** Benchmark aid: told where the time of each Durable orchestration step and activity went. */
  durableTiming?: (timing: DurableTiming) => void;
}

export interface FunctionsHost {
  /** Base URL, e.g. http://127.0.0.1:7071 */
  url: string;
  port: number;
  /** One line per HTTP function: name, methods and route. */
  httpRoutes: string[];
  /** Functions loaded but not run, because this host does not serve their trigger yet: "name (triggerType)". */
  notRun: string[];
  /** Queue-, timer- and Cosmos DB-triggered functions whose listeners run: "name (triggerType)". */
  listening: string[];
  stop(): Promise<void>;
}

export async function startFunctionsHost(options: FunctionsHostOptions): Promise<FunctionsHost> {
  const log = options.log ?? consoleLogSink;
  const hostJson = options.hostJson ?? (await readHostJson(options.appRoot));
  const config = toHostConfig(hostJson);
  const settings = options.settings ?? (await loadLocalSettings(options.appRoot)).values;
  const keys = hostKeysFromSettings(settings);

  // Listen first: the app needs WEBSITE_HOSTNAME (with the port) before it loads. Until the app is loaded, 503.
  let listener: RequestListener = (_request, response) => void response.writeHead(503).end();
  const server = createServer((request, response) => listener(request, response));
  keepIdleConnections(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const closeServer = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });

  const env = appEnvironment(settings, { WEBSITE_HOSTNAME: `localhost:${port}` });
  const supervisor = new WorkerSupervisor({ appRoot: options.appRoot, env, config, log });
  let metadata;
  try {
    metadata = await supervisor.start();
  } catch (error) {
    await closeServer();
    throw error;
  }
  const index = indexFunctions(metadata, log);
  const routes = buildHttpRoutes(index.http, config.routePrefix, log);
  let durable;
  try {
    durable = await startDurable({
      index,
      env,
      hostJson,
      port,
      supervisor,
      log,
      ...(options.durableTiming ? { durableTiming: options.durableTiming } : {}),
    });
  } catch (error) {
    await closeServer();
    await supervisor.stop();
    throw error;
  }
  // Every trigger invokes through the durable wrapper when there is one, so any function gets its client.
  const invoker = durable?.invoker ?? supervisor;
  const queues = new StorageQueues(env);
  const messageEncoding = queueMessageEncoding(hostJson);
  listener = createRequestListener({
    routes,
    keys,
    supervisor: invoker,
    log,
    queues,
    messageEncoding,
    ...(durable ? { durable } : {}),
  });
  const triggers = startQueueTimerListeners({
    index,
    hostJson,
    appRoot: options.appRoot,
    env,
    queues,
    supervisor: invoker,
    log,
  });
  const changeFeeds = startCosmosTriggerListeners({
    index,
    env,
    queues,
    messageEncoding,
    supervisor: invoker,
    log,
  });
  if (!keysEnforced(keys)) {
    log({
      level: 'information',
      category: 'host',
      message: 'authLevel is not enforced: no host keys are set (as under Core Tools).',
    });
  }
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    httpRoutes: routes.map(describeRoute),
    notRun: index.notRun.map((entry) => `${entry.name} (${entry.trigger.type})`),
    listening: [...triggers.running, ...changeFeeds.running],
    async stop() {
      triggers.stopListening();
      changeFeeds.stopListening();
      durable?.stop();
      await closeServer();
      await supervisor.stop();
      await triggers.settled();
      await changeFeeds.settled();
    },
  };
}

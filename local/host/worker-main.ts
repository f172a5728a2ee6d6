/**
 * The worker process: the local counterpart of the Node language worker. It injects the core module, loads
 * the app's entry, runs the app's lifecycle hooks and invokes functions on the host's request. Running user
 * code in its own process lets the host survive handlers that hang, exit or crash.
 */
import { CoreState, createCoreApi } from './core-api.js';
import { loadAppEntry } from './app-loader.js';
import { injectCoreModule } from './inject-core-module.js';
import { runInvocation } from './invocation-pipeline.js';
import type { HostToWorkerMessage, WorkerToHostMessage } from './worker-protocol.js';
import { toErrorInfo } from './worker-protocol.js';

/** Capabilities the real worker reports by default (http body as bytes only, no http trigger metadata). */
const defaultCapabilities: Record<string, string> = {
  RawHttpBodyBytes: 'true',
  RpcHttpTriggerMetadataRemoved: 'true',
  RpcHttpBodyOnly: 'true',
  IgnoreEmptyValuedRpcHttpHeaders: 'true',
  UseNullableValueDictionaryForHttp: 'true',
  WorkerStatus: 'true',
  TypedDataCollection: 'true',
  HandlesWorkerTerminateMessage: 'true',
};

function send(message: WorkerToHostMessage, then?: () => void): void {
  if (!process.send)
    throw new Error('The worker must be started by the local Functions host (no IPC channel).');
  process.send(message, undefined, {}, then);
}

const state = new CoreState((level, category, message) => send({ kind: 'log', level, category, message }));
injectCoreModule(createCoreApi(state));
/** `hookData` of appStart and appTerminate hooks: app-level hooks only, not shared with invocation hooks. */
const appLevelHookData: Record<string, unknown> = {};

async function initialize(appRoot: string): Promise<void> {
  try {
    await loadAppEntry(appRoot);
    const context = {
      hookData: appLevelHookData,
      appHookData: state.appHookData,
      functionAppDirectory: appRoot,
    };
    for (const hook of state.hooksOf('appStart')) await hook(context);
    const capabilities = (await state.programmingModel?.getCapabilities?.({ ...defaultCapabilities })) ?? {};
    if (capabilities.HttpUri) {
      throw new Error(
        'The app enables HTTP streaming (app.setup({ enableHttpStream: true })), which the local host does not support.',
      );
    }
    state.registrationLocked = true;
    // The host reads the metadata as JSON, as the real host reads the worker's `rawBindings`.
    const functions = [...state.functions.values()].map((registered) =>
      JSON.parse(JSON.stringify(registered.metadata)),
    );
    send({ kind: 'initialized', functions });
  } catch (error) {
    send({ kind: 'init-failed', error: toErrorInfo(error) });
  }
}

async function invoke(message: Extract<HostToWorkerMessage, { kind: 'invoke' }>): Promise<void> {
  const invocationId = message.request.invocationId ?? '';
  const response = await runInvocation(state, message.request, (level, category, text) =>
    send({ kind: 'log', invocationId, level, category, message: text }),
  );
  try {
    send({ kind: 'invocation-response', response });
  } catch (error) {
    const exception = {
      message: `The function's output could not be sent to the host: ${toErrorInfo(error).message}`,
    };
    send({
      kind: 'invocation-response',
      response: { invocationId, result: { status: 'failure', exception } },
    });
  }
}

async function terminate(): Promise<void> {
  try {
    const context = { hookData: appLevelHookData, appHookData: state.appHookData };
    for (const hook of state.hooksOf('appTerminate')) await hook(context);
  } catch (error) {
    send({
      kind: 'log',
      level: 'error',
      category: 'system',
      message: `appTerminate hook failed: ${toErrorInfo(error).message}`,
    });
  }
  // Exit even if user code left timers or sockets open: the host asked the worker to stop.
  send({ kind: 'terminated' }, () => process.exit(0));
}

process.on('message', (message: HostToWorkerMessage) => {
  if (message.kind === 'init') void initialize(message.appRoot);
  else if (message.kind === 'invoke') void invoke(message);
  else void terminate();
});

// The host decides when the worker stops: Ctrl-C in a terminal reaches the whole process group, so the
// worker leaves SIGINT to the host, and exits when the host goes away without stopping it.
process.on('SIGINT', () => undefined);
process.on('disconnect', () => process.exit(0));

// Like the real worker: an error nobody caught is reported, then the process exits and the host restarts it.
process.on('uncaughtException', (error) => {
  const text = `Worker uncaught exception: ${toErrorInfo(error).stack ?? toErrorInfo(error).message}`;
  send({ kind: 'log', level: 'critical', category: 'system', message: text }, () => process.exit(1));
});

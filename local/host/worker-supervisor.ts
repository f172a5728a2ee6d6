/**
 * Runs invocations on the worker and keeps a worker running, as the Functions host does with its language
 * worker: each invocation is logged as Executing/Executed, bounded by host.json `functionTimeout`; a timeout
 * or a worker that exits restarts the worker process, and the host keeps serving.
 */
import type { HostConfig } from './host-config.js';
import type { HostLogSink } from './host-log.js';
import type {
  RpcFunctionMetadata,
  RpcInvocationRequest,
  RpcInvocationResponse,
  RpcParameterBinding,
} from './rpc-types.js';
import { WorkerProcess, type InvocationOutcome, type WorkerProcessOptions } from './worker-process.js';

export type InvocationResult =
  | { status: 'succeeded'; response: RpcInvocationResponse }
  | { status: 'failed'; message: string; stack?: string }
  /** No worker is running (it could not be restarted): the host answers 503, like a host that is down. */
  | { status: 'unavailable' };

export interface SupervisorOptions {
  appRoot: string;
  env: Record<string, string>;
  config: HostConfig;
  log: HostLogSink;
}

export class WorkerSupervisor {
  readonly #options: SupervisorOptions;
  readonly #functionNames = new Map<string, string>();
  #worker: Promise<WorkerProcess | undefined> = Promise.resolve(undefined);
  /** The running worker, known synchronously so that a failure restarts it exactly once. */
  #current: WorkerProcess | undefined;
  #stopped = false;
  /** Inputs the host adds to every invocation of a function, whatever its trigger (durableClient bindings). */
  #extraInputs: (functionName: string) => RpcParameterBinding[] = () => [];

  constructor(options: SupervisorOptions) {
    this.#options = options;
  }

  /** Starts the first worker; rejects when the app cannot be loaded. */
  async start(): Promise<RpcFunctionMetadata[]> {
    const { worker, functions } = await WorkerProcess.start(this.#workerOptions());
    this.#current = worker;
    this.#worker = Promise.resolve(worker);
    return functions;
  }

  provideInputs(inputs: (functionName: string) => RpcParameterBinding[]): void {
    this.#extraInputs = inputs;
  }

  async invoke(
    functionName: string,
    trigger: RpcInvocationRequest,
    reason: string,
  ): Promise<InvocationResult> {
    const request = {
      ...trigger,
      inputData: [...(trigger.inputData ?? []), ...this.#extraInputs(functionName)],
    };
    const worker = await this.#worker;
    if (!worker || this.#stopped) return { status: 'unavailable' };
    const id = request.invocationId ?? '';
    const log = this.#options.log;
    log({
      level: 'information',
      category: 'host',
      functionName,
      invocationId: id,
      message: `Executing 'Functions.${functionName}' (Reason='${reason}', Id=${id})`,
    });
    const started = performance.now();
    this.#functionNames.set(id, functionName);
    const outcome = await this.#withTimeout(worker, functionName, request);
    this.#functionNames.delete(id);
    const result = toResult(outcome);
    const duration = Math.round(performance.now() - started);
    if (result.status === 'succeeded') {
      log({
        level: 'information',
        category: 'host',
        functionName,
        invocationId: id,
        message: `Executed 'Functions.${functionName}' (Succeeded, Id=${id}, Duration=${duration}ms)`,
      });
    } else if (result.status === 'failed') {
      const message = `Executed 'Functions.${functionName}' (Failed, Id=${id}, Duration=${duration}ms)\nResult: Failure\nException: ${result.message}\nStack: ${result.stack ?? ''}`;
      log({ level: 'error', category: 'host', functionName, invocationId: id, message });
    }
    return result;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    await (await this.#worker)?.stop();
  }

  async #withTimeout(
    worker: WorkerProcess,
    functionName: string,
    request: RpcInvocationRequest,
  ): Promise<InvocationOutcome> {
    const { functionTimeoutMs, functionTimeoutText } = this.#options.config;
    const invocation = worker.invoke(request);
    if (functionTimeoutMs === undefined) return invocation;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), functionTimeoutMs);
    });
    const first = await Promise.race([invocation, timedOut]);
    clearTimeout(timer);
    if (first !== 'timeout') return first;
    const id = request.invocationId ?? '';
    const log = this.#options.log;
    log({
      level: 'error',
      category: 'host',
      functionName,
      invocationId: id,
      message: `Timeout value of ${functionTimeoutText} exceeded by function 'Functions.${functionName}' (Id: '${id}'). Initiating cancellation.`,
    });
    log({
      level: 'error',
      category: 'host',
      functionName,
      invocationId: id,
      message: `A function timeout has occurred. Restarting worker process executing invocationId '${id}'.`,
    });
    this.#restart(worker);
    return {
      kind: 'lost',
      reason: `Timeout value of ${functionTimeoutText} was exceeded by function: Functions.${functionName}`,
    };
  }

  /** Replaces `failed` with a new worker; invocations arriving meanwhile wait for it. */
  #restart(failed: WorkerProcess): void {
    if (this.#current !== failed) return;
    this.#current = undefined;
    this.#worker = (async () => {
      await failed.kill();
      if (this.#stopped) return undefined;
      try {
        const { worker } = await WorkerProcess.start(this.#workerOptions());
        this.#options.log({
          level: 'information',
          category: 'host',
          message: 'The worker process was restarted.',
        });
        if (this.#stopped) await worker.stop();
        else this.#current = worker;
        return this.#stopped ? undefined : worker;
      } catch (error) {
        this.#options.log({
          level: 'critical',
          category: 'host',
          message: `The worker process could not be restarted: ${(error as Error).message}`,
        });
        return undefined;
      }
    })();
  }

  #workerOptions(): WorkerProcessOptions {
    const { appRoot, env, log } = this.#options;
    const options: WorkerProcessOptions = {
      appRoot,
      env,
      onLog: (message) => {
        if (message.kind === 'console') {
          log({
            level: message.stream === 'stderr' ? 'error' : 'information',
            category: 'console',
            message: message.text,
          });
          return;
        }
        const functionName = message.invocationId ? this.#functionNames.get(message.invocationId) : undefined;
        log({
          level: message.level,
          category: message.category === 'user' ? 'user' : 'system',
          message: message.message,
          ...(functionName ? { functionName } : {}),
          ...(message.invocationId ? { invocationId: message.invocationId } : {}),
        });
      },
      onUnexpectedExit: (worker, description) => {
        if (this.#current !== worker) return;
        log({
          level: 'error',
          category: 'host',
          message: `The worker process ${description}. Restarting it.`,
        });
        this.#restart(worker);
      },
    };
    return options;
  }
}

function toResult(outcome: InvocationOutcome): InvocationResult {
  if (outcome.kind === 'lost') return { status: 'failed', message: outcome.reason };
  const { result } = outcome.response;
  if (result?.status === 'failure') {
    const stack = result.exception?.stackTrace;
    return {
      status: 'failed',
      message: result.exception?.message ?? 'The function failed.',
      ...(stack ? { stack } : {}),
    };
  }
  return { status: 'succeeded', response: outcome.response };
}

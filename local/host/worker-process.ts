/**
 * One worker child process as the host sees it: started with the app's settings as its environment and the
 * app root as its working directory, initialised (entry loaded, function metadata returned), then asked to
 * run invocations. Invocations still pending when the process ends are reported as lost.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { RpcFunctionMetadata, RpcInvocationRequest, RpcInvocationResponse } from './rpc-types.js';
import type { HostToWorkerMessage, WorkerToHostMessage } from './worker-protocol.js';

export type InvocationOutcome =
  { kind: 'completed'; response: RpcInvocationResponse } | { kind: 'lost'; reason: string };

export interface WorkerProcessOptions {
  appRoot: string;
  env: Record<string, string>;
  /** Logs and console output from the worker; `invocationId` is set for logs made during an invocation. */
  onLog(
    message:
      | Extract<WorkerToHostMessage, { kind: 'log' }>
      | { kind: 'console'; stream: 'stdout' | 'stderr'; text: string },
  ): void;
  /** Called once when the process ends without the host asking it to. */
  onUnexpectedExit(worker: WorkerProcess, description: string): void;
}

const workerEntry = fileURLToPath(new URL('./worker-main.js', import.meta.url));
const stopGraceMs = 5000;

export class WorkerProcess {
  readonly #child: ChildProcess;
  readonly #pending = new Map<string, (outcome: InvocationOutcome) => void>();
  readonly #exited: Promise<void>;
  #stopping = false;
  #initialized: ((message: WorkerToHostMessage) => void) | undefined;
  #terminated: (() => void) | undefined;

  private constructor(options: WorkerProcessOptions) {
    this.#child = fork(workerEntry, [], {
      cwd: options.appRoot,
      env: options.env,
      // A larger young generation (V8's default is 16 MB): in 7 alternated pairs of cases benchmark runs it
      // gave a lower task-to-task p99 in 6 (docs/benchmarks.md, Cases), for up to ~64 MB more memory.
      execArgv: ['--enable-source-maps', '--max-semi-space-size=32'],
      serialization: 'advanced',
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    forwardLines(this.#child.stdout, (text) => options.onLog({ kind: 'console', stream: 'stdout', text }));
    forwardLines(this.#child.stderr, (text) => options.onLog({ kind: 'console', stream: 'stderr', text }));
    // A failed spawn or IPC send also ends in 'close', which reports it; without a listener 'error' would throw.
    this.#child.on('error', () => undefined);
    this.#child.on('message', (message: WorkerToHostMessage) => {
      if (message.kind === 'log') options.onLog(message);
      else if (message.kind === 'invocation-response') {
        const id = message.response.invocationId ?? '';
        this.#pending.get(id)?.({ kind: 'completed', response: message.response });
        this.#pending.delete(id);
      } else if (message.kind === 'terminated') this.#terminated?.();
      else this.#initialized?.(message);
    });
    this.#exited = new Promise((resolve) => {
      // 'close' (not 'exit'): by then every line the worker printed has been forwarded.
      this.#child.on('close', (code, signal) => {
        const description = signal ? `was killed (${signal})` : `exited with code ${code}`;
        this.#failPending(`The worker process ${description}.`);
        this.#initialized?.({
          kind: 'init-failed',
          error: { message: `The worker process ${description} while loading the app.` },
        });
        if (!this.#stopping) options.onUnexpectedExit(this, description);
        resolve();
      });
    });
  }

  /** Starts a worker and loads the app; rejects when the app cannot be loaded. */
  static async start(
    options: WorkerProcessOptions,
  ): Promise<{ worker: WorkerProcess; functions: RpcFunctionMetadata[] }> {
    const worker = new WorkerProcess(options);
    const reply = await new Promise<WorkerToHostMessage>((resolve) => {
      worker.#initialized = resolve;
      worker.#send({ kind: 'init', appRoot: options.appRoot });
    });
    worker.#initialized = undefined;
    if (reply.kind === 'initialized') return { worker, functions: reply.functions };
    await worker.kill();
    const error = reply.kind === 'init-failed' ? reply.error : { message: 'The worker did not initialise.' };
    throw Object.assign(new Error(`The app could not be loaded: ${error.message}`), { stack: error.stack });
  }

  invoke(request: RpcInvocationRequest): Promise<InvocationOutcome> {
    return new Promise((resolve) => {
      this.#pending.set(request.invocationId ?? '', resolve);
      if (!this.#send({ kind: 'invoke', request })) this.#failPending('The worker process is not running.');
    });
  }

  /** Ends the process at once (hung or failed worker); pending invocations are lost. */
  async kill(): Promise<void> {
    this.#stopping = true;
    if (this.#child.exitCode === null && this.#child.signalCode === null) this.#child.kill('SIGKILL');
    await this.#exited;
  }

  /** Asks the worker to run appTerminate hooks and exit; kills it if it does not within the grace period. */
  async stop(): Promise<void> {
    this.#stopping = true;
    const terminated = new Promise<void>((resolve) => {
      this.#terminated = resolve;
    });
    if (this.#send({ kind: 'terminate' })) {
      let timer: NodeJS.Timeout | undefined;
      const graceOver = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, stopGraceMs);
      });
      await Promise.race([Promise.all([terminated, this.#exited]), graceOver]);
      clearTimeout(timer);
    }
    await this.kill();
  }

  #send(message: HostToWorkerMessage): boolean {
    if (!this.#child.connected) return false;
    this.#child.send(message);
    return true;
  }

  #failPending(reason: string): void {
    for (const resolve of this.#pending.values()) resolve({ kind: 'lost', reason });
    this.#pending.clear();
  }
}

function forwardLines(stream: Readable | null, onLine: (text: string) => void): void {
  if (stream) createInterface({ input: stream, crlfDelay: Infinity }).on('line', onLine);
}

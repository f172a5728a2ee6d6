/**
 * The in-process `@azure/functions-core` object the real Node worker provides. The `@azure/functions` library
 * calls it to register functions and hooks and to log; the worker then invokes functions through the
 * programming model the library sets here.
 */
import { runLogHooks } from './log-hooks.js';
import type {
  RpcFunctionMetadata,
  RpcInvocationRequest,
  RpcInvocationResponse,
  RpcLogCategory,
  RpcLogLevel,
} from './rpc-types.js';

export type FunctionCallback = (...args: unknown[]) => unknown;

export interface CoreInvocationContext {
  invocationId: string;
  request: RpcInvocationRequest;
  metadata: RpcFunctionMetadata;
  state?: 'preInvocationHooks' | 'postInvocationHooks' | 'invocation';
  log(level: RpcLogLevel, category: RpcLogCategory, message: string): void;
}

export interface InvocationArguments {
  context: unknown;
  inputs: unknown[];
}

export interface InvocationModel {
  getArguments(): Promise<InvocationArguments>;
  invokeFunction(context: unknown, inputs: unknown[], callback: FunctionCallback): Promise<unknown>;
  getResponse(context: unknown, result: unknown): Promise<RpcInvocationResponse>;
}

export interface ProgrammingModel {
  name: string;
  version: string;
  getInvocationModel(coreContext: CoreInvocationContext): InvocationModel | Promise<InvocationModel>;
  getCapabilities?(defaultCapabilities: Record<string, string>): Promise<Record<string, string>>;
}

export type HookName = 'appStart' | 'appTerminate' | 'preInvocation' | 'postInvocation' | 'log';
export type HookCallback = (context: Record<string, unknown>) => unknown;

export interface RegisteredFunction {
  metadata: RpcFunctionMetadata & { name: string; functionId: string };
  callback: FunctionCallback;
}

/** Mirrors the library's own Disposable: `from` combines several, `dispose` runs once. */
export class Disposable {
  static from(...disposables: { dispose(): unknown }[]): Disposable {
    return new Disposable(() => {
      for (const disposable of disposables) disposable.dispose();
    });
  }

  #onDispose: (() => unknown) | undefined;

  constructor(onDispose: () => unknown) {
    this.#onDispose = onDispose;
  }

  dispose(): unknown {
    const onDispose = this.#onDispose;
    this.#onDispose = undefined;
    return onDispose?.();
  }
}

/** Marks errors that the library recognises as coming from the host/worker rather than from user code. */
function systemError<E extends Error>(error: E): E {
  return Object.assign(error, { isAzureFunctionsSystemError: true });
}

const hookNames: readonly HookName[] = ['appStart', 'appTerminate', 'preInvocation', 'postInvocation', 'log'];

/** What the worker keeps: the registrations and hooks made through the core module. */
export class CoreState {
  programmingModel: ProgrammingModel | undefined;
  readonly functions = new Map<string, RegisteredFunction>();
  readonly hooks = new Map<HookName, HookCallback[]>(hookNames.map((name) => [name, []]));
  /** Registration closes once the host has read the function metadata, as in the real worker. */
  registrationLocked = false;
  /** Shared by appStart hooks and every invocation hook, as `appHookData`. */
  readonly appHookData: Record<string, unknown> = {};

  /** `sendLog` forwards a log to the host without running log hooks. */
  constructor(readonly sendLog: (level: RpcLogLevel, category: RpcLogCategory, message: string) => void) {}

  hooksOf(name: HookName): readonly HookCallback[] {
    return [...(this.hooks.get(name) ?? [])];
  }
}

export const coreModuleVersion = '3.10.1-caseflow-local';
export const hostVersion = '4.1037.0-caseflow-local';

/** Builds the object that `require('@azure/functions-core')` returns. */
export function createCoreApi(state: CoreState) {
  return {
    version: coreModuleVersion,
    hostVersion,
    Disposable,
    setProgrammingModel(model: ProgrammingModel): void {
      state.programmingModel = model;
    },
    getProgrammingModel(): ProgrammingModel | undefined {
      return state.programmingModel;
    },
    registerFunction(metadata: RpcFunctionMetadata, callback: FunctionCallback): Disposable {
      if (state.registrationLocked) {
        throw systemError(new Error('A function can only be registered during app startup.'));
      }
      const name = metadata.name;
      if (!name) throw systemError(new Error('A function must have a name.'));
      const functionId = metadata.functionId ?? name;
      if (state.functions.has(functionId)) {
        throw systemError(new Error(`A function with id "${functionId}" has already been registered.`));
      }
      state.functions.set(functionId, { metadata: { ...metadata, name, functionId }, callback });
      return new Disposable(() => {
        if (state.registrationLocked) {
          throw systemError(new Error('A function can only be disposed during app startup.'));
        }
        state.functions.delete(functionId);
      });
    },
    registerHook(name: string, callback: HookCallback): Disposable {
      const hooks = state.hooks.get(name as HookName);
      if (!hooks) throw systemError(new RangeError(`Unrecognized hook "${name}"`));
      hooks.push(callback);
      return new Disposable(() => {
        const index = hooks.indexOf(callback);
        if (index >= 0) hooks.splice(index, 1);
      });
    },
    log(level: RpcLogLevel, category: RpcLogCategory, message: string): void {
      const entry = runLogHooks(state, { level, category, message });
      if (entry) state.sendLog(entry.level, entry.category, entry.message);
    },
  };
}

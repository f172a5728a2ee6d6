/**
 * One invocation inside the worker, in the order the real Node worker follows: the programming model's
 * invocation model builds the arguments, preInvocation hooks may replace inputs and the handler, the handler
 * runs, postInvocation hooks may replace the result or the error, and the model encodes the response.
 * The pipeline knows nothing about trigger kinds: the host encodes the trigger input into the request.
 */
import type { CoreInvocationContext, CoreState, FunctionCallback } from './core-api.js';
import type {
  RpcInvocationRequest,
  RpcInvocationResponse,
  RpcLogCategory,
  RpcLogLevel,
} from './rpc-types.js';
import { runLogHooks } from './log-hooks.js';

export type InvocationLog = (level: RpcLogLevel, category: RpcLogCategory, message: string) => void;

export async function runInvocation(
  state: CoreState,
  request: RpcInvocationRequest,
  emitLog: InvocationLog,
): Promise<RpcInvocationResponse> {
  const invocationId = request.invocationId ?? '';
  try {
    return await invoke(state, request, invocationId, emitLog);
  } catch (error) {
    return failure(invocationId, error);
  }
}

async function invoke(
  state: CoreState,
  request: RpcInvocationRequest,
  invocationId: string,
  emitLog: InvocationLog,
): Promise<RpcInvocationResponse> {
  const registered = state.functions.get(request.functionId ?? '');
  if (!registered) throw new Error(`Function id "${request.functionId}" is not registered in the worker.`);
  const model = state.programmingModel;
  if (!model)
    throw new Error('No programming model was set: the app registered functions without a library.');

  // Log hooks see the invocation context once the model has built it.
  const current: { invocationContext?: unknown } = {};
  const coreContext: CoreInvocationContext = {
    invocationId,
    request,
    metadata: registered.metadata,
    state: undefined,
    log(level, category, message) {
      const entry = runLogHooks(state, {
        level,
        category,
        message,
        invocationContext: current.invocationContext,
      });
      if (entry) emitLog(entry.level, entry.category, entry.message);
    },
  };
  const invocationModel = await model.getInvocationModel(coreContext);
  const appHookData = state.appHookData;
  const { context, inputs: initialInputs } = await invocationModel.getArguments();
  current.invocationContext = context;

  const hookData: Record<string, unknown> = {};
  coreContext.state = 'preInvocationHooks';
  const pre: Record<string, unknown> = {
    hookData,
    appHookData,
    invocationContext: context,
    inputs: initialInputs,
    functionCallback: registered.callback,
  };
  for (const hook of state.hooksOf('preInvocation')) await hook(pre);
  const inputs = pre.inputs as unknown[];
  const callback = pre.functionCallback as FunctionCallback;

  coreContext.state = 'invocation';
  let result: unknown;
  let error: unknown;
  try {
    result = await invocationModel.invokeFunction(context, inputs, callback);
  } catch (caught) {
    error = caught;
  }

  coreContext.state = 'postInvocationHooks';
  const post: Record<string, unknown> = {
    hookData,
    appHookData,
    invocationContext: context,
    inputs,
    result,
    error,
  };
  for (const hook of state.hooksOf('postInvocation')) await hook(post);
  if (post.error !== undefined && post.error !== null) return failure(invocationId, post.error);
  return invocationModel.getResponse(context, post.result);
}

function failure(invocationId: string, error: unknown): RpcInvocationResponse {
  const message = error instanceof Error ? error.message : String(error);
  const stackTrace = error instanceof Error ? (error.stack ?? null) : null;
  return { invocationId, result: { status: 'failure', exception: { message, stackTrace } } };
}

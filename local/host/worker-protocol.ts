/**
 * Messages between the host process and its worker process (Node IPC with structured cloning). They mirror
 * the gRPC stream between the Functions host and a language worker: init, function metadata, invocation
 * request/response, logs and termination.
 */
import type {
  RpcFunctionMetadata,
  RpcInvocationRequest,
  RpcInvocationResponse,
  RpcLogCategory,
  RpcLogLevel,
} from './rpc-types.js';

export interface ErrorInfo {
  message: string;
  stack?: string;
}

export type HostToWorkerMessage =
  | { kind: 'init'; appRoot: string }
  | { kind: 'invoke'; request: RpcInvocationRequest }
  | { kind: 'terminate' };

export type WorkerToHostMessage =
  | { kind: 'initialized'; functions: RpcFunctionMetadata[] }
  | { kind: 'init-failed'; error: ErrorInfo }
  | { kind: 'invocation-response'; response: RpcInvocationResponse }
  | { kind: 'log'; invocationId?: string; level: RpcLogLevel; category: RpcLogCategory; message: string }
  | { kind: 'terminated' };

export function toErrorInfo(error: unknown): ErrorInfo {
  if (error instanceof Error)
    return { message: error.message, ...(error.stack ? { stack: error.stack } : {}) };
  return { message: String(error) };
}

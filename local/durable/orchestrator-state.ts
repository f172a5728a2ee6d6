/**
 * What an orchestrator invocation returns (`durable-functions` OrchestratorState, schema V4) and how the
 * backend reads it: the cumulative action list flattened depth-first, and the failure message format
 * (`<x>\n\n$OutOfProcData$:<state JSON>`) the SDK throws when user code throws.
 */
import type { DurableHttpRequest } from './http-actions.js';
import type { RetryOptions } from './instance-document.js';

export const ActionType = {
  CallActivity: 0,
  CallActivityWithRetry: 1,
  CallSubOrchestrator: 2,
  CallSubOrchestratorWithRetry: 3,
  ContinueAsNew: 4,
  CreateTimer: 5,
  WaitForExternalEvent: 6,
  CallEntity: 7,
  CallHttp: 8,
  SignalEntity: 9,
  LockEntities: 13,
  ReleaseEntities: 14,
  WhenAny: 11,
  WhenAll: 12,
} as const;

export interface OrchestratorAction {
  actionType: number;
  functionName?: string;
  instanceId?: string;
  input?: unknown;
  retryOptions?: RetryOptions;
  fireAt?: string;
  isCanceled?: boolean;
  externalEventName?: string;
  /** Entity operations: the operation name (the target entity is `instanceId`). */
  operation?: string;
  /** LockEntities (schema V4): the request id (a deterministic GUID) and the entities to lock. */
  lockRequestId?: string;
  lockSet?: { name: string; key: string }[];
  /** CallHttp: the request. */
  httpRequest?: DurableHttpRequest;
  compoundActions?: OrchestratorAction[];
}

export interface OrchestratorState {
  isDone: boolean;
  actions: OrchestratorAction[][];
  output?: unknown;
  error?: string;
  customStatus?: unknown;
}

/** Every action in first-yield order: compound actions (WhenAll/WhenAny) replaced by their children. */
export function flattenActions(state: OrchestratorState): OrchestratorAction[] {
  const flat: OrchestratorAction[] = [];
  const visit = (action: OrchestratorAction) => {
    if (action.actionType === ActionType.WhenAll || action.actionType === ActionType.WhenAny) {
      for (const child of action.compoundActions ?? []) visit(child);
    } else flat.push(action);
  };
  for (const group of state.actions ?? []) for (const action of group) visit(action);
  return flat;
}

const outOfProcMarker = '\n\n$OutOfProcData$:';

/** The state carried by a failed orchestrator invocation's message, when the SDK put one there. */
export function stateFromFailure(message: string): OrchestratorState | undefined {
  const at = message.indexOf(outOfProcMarker);
  if (at < 0) return undefined;
  try {
    return JSON.parse(message.slice(at + outOfProcMarker.length)) as OrchestratorState;
  } catch {
    return undefined;
  }
}

/** The name an action is checked against on replay (determinism check). */
export function actionName(action: OrchestratorAction): string {
  if (action.httpRequest) return `${action.httpRequest.method} ${action.httpRequest.uri}`;
  if (action.operation !== undefined) return `${action.instanceId ?? ''}:${action.operation}`;
  if (action.lockSet) return action.lockSet.map((entity) => `@${entity.name}@${entity.key}`).join(',');
  return action.functionName ?? action.externalEventName ?? '';
}

/**
 * An orchestration's `callEntity` / `signalEntity` actions: each takes a sequence number, recorded as an
 * EventSent (named `op`, its Input the extension's RequestMessage JSON), and becomes a request the orchestration
 * document keeps in `entityRequests` until the entity has stored it. The SDK re-keys a call's task by the
 * request id it reads from the EventSent, and the response arrives as EventRaised named by that id.
 */
import { randomUUID } from 'node:crypto';
import type { EntityRequest } from './entity-document.js';
import { EventType, historyEvent, type HistoryEvent } from './history-events.js';
import type { InstanceDocument } from './instance-document.js';
import { ActionType, type OrchestratorAction } from './orchestrator-state.js';

export function scheduleEntityOperation(
  document: InstanceDocument,
  action: OrchestratorAction,
  sequenceNumber: number,
  now: Date,
): HistoryEvent {
  const signal = action.actionType === ActionType.SignalEntity;
  const target = action.instanceId ?? '';
  const request: EntityRequest = {
    id: randomUUID(),
    op: action.operation ?? '',
    ...(action.input === undefined ? {} : { input: JSON.stringify(action.input) }),
    signal,
    ...(signal ? {} : { parent: { instanceId: document.instanceId, executionId: document.executionId } }),
  };
  document.entityRequests = [...(document.entityRequests ?? []), { target, request }];
  const message = {
    id: request.id,
    op: request.op,
    signal,
    ...(request.input === undefined ? {} : { input: request.input }),
    parent: document.instanceId,
    parentExecution: document.executionId,
  };
  return historyEvent(
    EventType.EventSent,
    now,
    { InstanceId: target, Name: 'op', Input: JSON.stringify(message) },
    sequenceNumber,
  );
}

/**
 * An orchestration's `callEntity` / `signalEntity` actions: each takes a sequence number, recorded as an
 * EventSent (named `op`, its Input the extension's RequestMessage JSON), and becomes a request the orchestration
 * document keeps in `entityRequests` until the entity has stored it. The SDK re-keys a call's task by the
 * request id it reads from the EventSent, and the response arrives as EventRaised named by that id.
 *
 * Critical sections (schema V4): `lock` takes one sequence number and sends one lock request (id = the SDK's
 * `lockRequestId`) to the first entity of the sorted lock set, which passes it on entity by entity; the last
 * answers. `release` (an action without fields) takes one sequence number per locked entity and sends each a
 * release; the document remembers the locked entities (`heldLocks`) for it, and releases them when the
 * execution ends still holding them.
 */
import { randomUUID } from 'node:crypto';
import { schedulerId, type EntityRequest } from './entity-document.js';
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

export function scheduleLock(
  document: InstanceDocument,
  action: OrchestratorAction,
  sequenceNumber: number,
  now: Date,
): HistoryEvent {
  const lockSet = (action.lockSet ?? []).map((entity) => schedulerId(entity.name, entity.key));
  const request: EntityRequest = {
    id: action.lockRequestId ?? randomUUID(),
    op: '',
    signal: false,
    parent: { instanceId: document.instanceId, executionId: document.executionId },
    kind: 'lock',
    lockSet,
    position: 0,
  };
  document.heldLocks = lockSet;
  document.entityRequests = [...(document.entityRequests ?? []), { target: lockSet[0] ?? '', request }];
  const message = {
    id: request.id,
    op: null,
    signal: false,
    parent: document.instanceId,
    parentExecution: document.executionId,
    lockset: lockSet,
    pos: 0,
  };
  return historyEvent(
    EventType.EventSent,
    now,
    { InstanceId: lockSet[0] ?? '', Name: 'op', Input: JSON.stringify(message) },
    sequenceNumber,
  );
}

/** Releases every held lock; with `firstSequenceNumber` (a release action) also returns one EventSent each. */
export function releaseLocks(
  document: InstanceDocument,
  now: Date,
  firstSequenceNumber?: number,
): HistoryEvent[] {
  const events: HistoryEvent[] = [];
  for (const [index, target] of (document.heldLocks ?? []).entries()) {
    const request: EntityRequest = {
      id: randomUUID(),
      op: 'release',
      signal: true,
      kind: 'release',
      lockOwner: document.instanceId,
    };
    document.entityRequests = [...(document.entityRequests ?? []), { target, request }];
    if (firstSequenceNumber === undefined) continue;
    const message = { id: request.id, parent: document.instanceId };
    events.push(
      historyEvent(
        EventType.EventSent,
        now,
        { InstanceId: target, Name: 'release', Input: JSON.stringify(message) },
        firstSequenceNumber + index,
      ),
    );
  }
  delete document.heldLocks;
  return events;
}

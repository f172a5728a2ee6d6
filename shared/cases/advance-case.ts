/**
 * The `advanceCase` step (docs/architecture.md): apply every inbox event after the last applied number, in
 * order, to the engine state; record the timeline; perform the commands; save the state with the new
 * number under the case's ETag. Every side effect is keyed by the case, the event's number and the
 * command's position, so running it again (a retried activity, a crash before the save) changes nothing
 * twice. `end` is the case's own record (status, ended time) and the answer to a parent case.
 */
import type { ProcessGraph } from '../bpmn/index.js';
import {
  apply,
  initialState,
  type EndedElement,
  type EngineCommand,
  type EngineState,
  type Variables,
} from '../engine/index.js';
import { CaseflowError } from '../errors/caseflow-error.js';
import type { CaseInbox, CaseRef } from './case-inbox.js';
import {
  timelineDocumentId,
  type CaseDocument,
  type InboxDocument,
  type TimelineDocument,
} from './case-documents.js';
import type { CaseStore } from './case-store.js';
import { CommandDispatch } from './command-dispatch.js';
import type { CommandPerformer } from './command-performer.js';
import { unstored, without } from '../storage/stored-document.js';
import type { Stored, Unowned } from '../storage/tenant-repository.js';

export interface AdvanceCaseDependencies {
  readonly store: CaseStore;
  readonly graph: (definitionId: string) => Promise<ProcessGraph>;
  /** Every engine command goes to the performers that handle its kind (command-dispatch.ts); `end` after it is recorded, to those that follow it. */
  readonly performers: readonly CommandPerformer[];
  /** Answers the parent case when a called case ends. */
  readonly inbox: CaseInbox;
}

export interface AdvanceResult {
  readonly applied: number;
  /** The case ended: its orchestration may finish. */
  readonly closed: boolean;
  /** The case was stuck and has advanced now (its stuck incident can be resolved). */
  readonly unstuck: boolean;
}

type Ending = Pick<CaseDocument, 'status' | 'endedAt' | 'error'>;

export async function advanceCase(ref: CaseRef, deps: AdvanceCaseDependencies): Promise<AdvanceResult> {
  const { store } = deps;
  const stored = await store.requireCase(ref.caseId);
  const pending = await store.inboxAfter(ref.caseId, stored.lastApplied);
  if (pending.length === 0) return { applied: 0, closed: stored.status !== 'active', unstuck: false };
  const graph = await deps.graph(stored.definitionId);
  const dispatch = new CommandDispatch(deps.performers);
  let state = stored.state;
  let ending: Ending = { status: stored.status };
  let lastApplied = stored.lastApplied;
  // Written with the case (one batch), so a run that crashes before its save leaves none to find again.
  const timeline: Unowned<TimelineDocument>[] = [];
  for (const entry of pending) {
    const outcome = await applyEntry(ref, stored, graph, state, entry, deps, dispatch, timeline);
    state = outcome.state;
    ending = outcome.ending ?? ending;
    lastApplied = entry.seq;
  }
  const rootVariables = state ? (state.scopes[state.rootScope]?.variables ?? {}) : {};
  await store.saveAdvanced(
    {
      ...without(unstored(stored), 'stuck'),
      ...ending,
      ...(state ? { state } : {}),
      lastApplied,
      variables: rootVariables,
      activeElements: state ? activeElements(state) : [],
    },
    stored._etag,
    timeline,
  );
  return {
    applied: lastApplied - stored.lastApplied,
    closed: ending.status !== 'active',
    unstuck: stored.stuck !== undefined,
  };
}

async function applyEntry(
  ref: CaseRef,
  stored: Stored<CaseDocument>,
  graph: ProcessGraph,
  state: EngineState | undefined,
  entry: InboxDocument,
  deps: AdvanceCaseDependencies,
  dispatch: CommandDispatch,
  timeline: Unowned<TimelineDocument>[],
): Promise<{ state: EngineState | undefined; ending?: Ending }> {
  const event = entry.event;
  const now = entry.receivedAt;
  if (event.type === 'setVariables') {
    if (!state) return { state };
    const next = structuredClone(state);
    const root = next.scopes[next.rootScope];
    if (root) root.variables = { ...root.variables, ...event.variables };
    timeline.push(
      ...timelineEntries(entry, [eventEntry(entry, { variables: Object.keys(event.variables) })]),
    );
    return { state: next };
  }
  if (event.type === 'attachmentAdded' || event.type === 'attachmentDeleted') {
    timeline.push(
      ...timelineEntries(entry, [eventEntry(entry, { attachmentId: event.attachmentId, name: event.name })]),
    );
    return { state };
  }
  if (!state && event.type !== 'start') return { state };
  const result = apply(graph, state ?? initialState(graph), event, now);
  timeline.push(
    ...timelineEntries(entry, [
      eventEntry(entry, eventDetail(event)),
      ...result.ended.map((ended) => endedEntry(ended, entry.actor)),
    ]),
  );
  let ending: Ending | undefined;
  for (const [position, command] of result.commands.entries()) {
    const context = {
      tenantId: ref.tenantId,
      caseId: ref.caseId,
      processKey: stored.processKey,
      definitionId: stored.definitionId,
      commandId: `${ref.caseId}:${entry.seq}:${position}`,
      now,
      owner: stored,
    };
    if (command.kind === 'end') {
      ending = { status: command.status, endedAt: now, ...(command.error ? { error: command.error } : {}) };
      await answerParent(ref, stored, command, result.state, deps.inbox);
      await dispatch.observe(command, context);
      continue;
    }
    await dispatch.perform(command, context);
  }
  return { state: result.state, ...(ending ? { ending } : {}) };
}

/** A called case that ended tells its parent's call activity, once (keyed by the child case). */
async function answerParent(
  ref: CaseRef,
  stored: CaseDocument,
  end: Extract<EngineCommand, { kind: 'end' }>,
  state: EngineState,
  inbox: CaseInbox,
): Promise<void> {
  if (!stored.parent) return;
  const elementInstance = stored.parent.elementInstance;
  const variables: Variables = state.scopes[state.rootScope]?.variables ?? {};
  const event =
    end.status === 'completed'
      ? { type: 'callCompleted' as const, elementInstance, variables }
      : end.status === 'failed' && end.error
        ? { type: 'callError' as const, elementInstance, ...end.error }
        : {
            type: 'callFailed' as const,
            elementInstance,
            message: `The called case ${ref.caseId} ended ${end.status}.`,
          };
  try {
    await inbox.deliver({ tenantId: ref.tenantId, caseId: stored.parent.caseId }, event, {
      idempotencyKey: `call:${ref.caseId}:ended`,
      actor: `system:case:${ref.caseId}`,
    });
  } catch (error) {
    // A parent that ended first (e.g. cancelled, which cancelled this case) needs no answer.
    if (
      !(error instanceof CaseflowError) ||
      (error.code !== 'cases.closed' && error.code !== 'cases.not-found')
    ) {
      throw error;
    }
  }
}

function timelineEntries(
  entry: InboxDocument,
  entries: readonly Pick<TimelineDocument, 'at' | 'actor' | 'what'>[],
): Unowned<TimelineDocument>[] {
  return entries.map((item, position) => ({
    id: timelineDocumentId(entry.caseId, entry.seq, position),
    type: 'timeline',
    caseId: entry.caseId,
    seq: entry.seq,
    position,
    ...item,
  }));
}

function eventEntry(
  entry: InboxDocument,
  detail: Record<string, unknown>,
): Pick<TimelineDocument, 'at' | 'actor' | 'what'> {
  return {
    at: entry.receivedAt,
    actor: entry.actor,
    what: { kind: 'event', event: entry.event.type, ...(Object.keys(detail).length > 0 ? { detail } : {}) },
  };
}

function endedEntry(ended: EndedElement, actor: string): Pick<TimelineDocument, 'at' | 'actor' | 'what'> {
  return {
    at: ended.at,
    actor,
    what: {
      kind: 'element',
      element: ended.element,
      elementType: ended.type,
      ...(ended.name !== undefined ? { name: ended.name } : {}),
      outcome: ended.event,
    },
  };
}

/** What the timeline shows of an event: what it names, and the names (not values) of its variables. */
function eventDetail(event: InboxDocument['event']): Record<string, unknown> {
  const { variables, ...rest } = without(event as { type: string; variables?: Variables }, 'type');
  return { ...rest, ...(variables ? { variables: Object.keys(variables) } : {}) };
}

function activeElements(state: EngineState): string[] {
  return [...new Set(Object.values(state.elementInstances).map((instance) => instance.element))].sort();
}

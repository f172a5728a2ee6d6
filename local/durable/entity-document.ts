/**
 * Everything the backend keeps about one durable entity, stored as ONE blob (like an orchestration instance),
 * so that running a batch of operations (state changed, requests taken from the queue, responses and signals
 * recorded for delivery) is a single conditional write.
 */

/** The orchestration step that called an entity and waits for its response. */
export interface EntityCaller {
  instanceId: string;
  executionId: string;
}

/** One operation request, as the Durable extension's RequestMessage carries it. */
export interface EntityRequest {
  /** The request id: a call's response is the EventRaised of that name. */
  id: string;
  op: string;
  /** JSON text of the operation input; absent when there is none. */
  input?: string;
  signal: boolean;
  /** For calls and lock requests: who waits for the response. */
  parent?: EntityCaller;
  /**
   * Critical sections (`context.df.lock`): `lock` asks for the entity's lock on behalf of `parent`, for the
   * entities of `lockSet` (scheduler ids, sorted) acquired one after the other from `position`; `release`
   * frees the lock that orchestration `lockOwner` holds. Neither runs the entity function.
   */
  kind?: 'lock' | 'release';
  lockSet?: string[];
  position?: number;
  lockOwner?: string;
}

/** What a batch produced and has still to be delivered: a response to a caller, or a signal to an entity. */
export type EntityMessage =
  | { kind: 'response'; to: EntityCaller; requestId: string; result?: string; exceptionType?: string }
  | { kind: 'signal'; target: string; request: EntityRequest };

export interface EntityDocument {
  /** `@<lower-case name>@<key>`, as the extension names entity instances. */
  schedulerId: string;
  name: string;
  key: string;
  exists: boolean;
  /** JSON text of the state, or null. */
  state: string | null;
  /** Requests received and not yet run, oldest first. */
  queue: EntityRequest[];
  outbox: EntityMessage[];
  /** The orchestration instance holding the entity's lock: only its requests run until it releases. */
  lockedBy?: string;
  /** Ids of the last requests received, so that a request delivered twice (after a crash) runs once. */
  recentRequestIds: string[];
  lastModifiedTime: string;
}

/** The scheduler id of an entity: the name lower-cased, as `durable-functions` and the extension build it. */
export function schedulerId(name: string, key: string): string {
  return `@${name.toLowerCase()}@${key}`;
}

export function parseSchedulerId(id: string): { name: string; key: string } | undefined {
  const at = id.indexOf('@', 1);
  if (!id.startsWith('@') || at < 0) return undefined;
  return { name: id.slice(1, at), key: id.slice(at + 1) };
}

export function newEntityDocument(id: string, now: Date): EntityDocument {
  const { name, key } = parseSchedulerId(id) ?? { name: id, key: '' };
  return {
    schedulerId: id,
    name,
    key,
    exists: false,
    state: null,
    queue: [],
    outbox: [],
    recentRequestIds: [],
    lastModifiedTime: now.toISOString(),
  };
}

const rememberedRequestIds = 1000;

/** Adds requests not seen before to the queue; false when all of them were already received. */
export function enqueueRequests(document: EntityDocument, requests: readonly EntityRequest[]): boolean {
  const fresh = requests.filter((request) => !document.recentRequestIds.includes(request.id));
  if (fresh.length === 0) return false;
  document.queue.push(...fresh);
  document.recentRequestIds = [...document.recentRequestIds, ...fresh.map((request) => request.id)].slice(
    -rememberedRequestIds,
  );
  return true;
}

/**
 * Whether a queued request may run now: while the entity is locked, only requests from the lock's holder
 * (its calls and its release); otherwise any.
 */
export function mayRunNow(document: EntityDocument, request: EntityRequest): boolean {
  if (document.lockedBy === undefined) return true;
  const sender = request.kind === 'release' ? request.lockOwner : request.parent?.instanceId;
  return sender === document.lockedBy;
}

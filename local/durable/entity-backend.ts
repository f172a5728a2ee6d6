/**
 * Durable entities: each entity's operations run through the app's entity function (`df.app.entity`) in
 * batches, one batch at a time per entity, in the order the requests arrived. Requests come from clients
 * (`signalEntity`) and orchestrations (`callEntity`, `signalEntity`) and from other entities' signals.
 *
 * Acknowledgement rule, as for orchestrations: a batch's requests leave the queue in the same conditional write
 * that stores the new state and the messages the batch produced (responses to callers, signals to entities);
 * those are delivered after that write and removed once delivered. Delivery is idempotent (request ids), so a
 * crash at any point redoes a whole batch or re-delivers a message, and never runs an operation twice.
 */
import { randomUUID } from 'node:crypto';
import type { HostFunction } from '../host/function-index.js';
import type { HostLogSink } from '../host/host-log.js';
import type { FunctionInvoker } from './durable-backend.js';
import {
  enqueueRequests,
  mayRunNow,
  newEntityDocument,
  schedulerId,
  type EntityCaller,
  type EntityDocument,
  type EntityMessage,
  type EntityRequest,
} from './entity-document.js';
import type { EntityStore } from './entity-store.js';
import { InstanceConflictError } from './instance-store.js';

export interface EntityBackendOptions {
  store: EntityStore;
  invoker: FunctionInvoker;
  entities: readonly HostFunction[];
  /** Adds a call's response (EventRaised named by the request id) to the calling orchestration. */
  deliverResponse(to: EntityCaller, requestId: string, input: string): Promise<void>;
  log: HostLogSink;
}

/** The most operations given to the entity function in one invocation. */
const maxBatchSize = 50;
const unavailableRetryMs = 1000;
const storageRetryMs = 2000;

/** The EntityState an entity function returns (`durable-functions` entities/EntityState). */
interface EntityState {
  entityExists: boolean;
  entityState?: string;
  results: { isError: boolean; result?: string }[];
  signals: { target: { name: string; key: string }; name: string; input?: string }[];
}

export class EntityBackend {
  readonly #options: EntityBackendOptions;
  readonly #locks = new Map<string, Promise<unknown>>();
  #stopped = false;

  constructor(options: EntityBackendOptions) {
    this.#options = options;
  }

  findEntity(name: string): HostFunction | undefined {
    const wanted = name.toLowerCase();
    return this.#options.entities.find((candidate) => candidate.name.toLowerCase() === wanted);
  }

  /** Resumes every entity with queued requests or undelivered messages. */
  async recover(): Promise<void> {
    await this.#options.store.initialize();
    for (const id of await this.#options.store.listIds()) {
      const stored = await this.#options.store.read(id);
      if (stored && (stored.document.queue.length > 0 || stored.document.outbox.length > 0)) this.process(id);
    }
  }

  stop(): void {
    this.#stopped = true;
  }

  async readState(id: string): Promise<{ exists: boolean; state: string | null }> {
    const stored = await this.#options.store.read(id);
    return stored
      ? { exists: stored.document.exists, state: stored.document.state }
      : { exists: false, state: null };
  }

  /** Stores requests for an entity (created when new; duplicates dropped), then runs them in the background. */
  async enqueue(id: string, requests: readonly EntityRequest[]): Promise<void> {
    for (;;) {
      if (this.#stopped) throw new Error('The Durable backend is stopped.');
      try {
        await this.#withEntity(id, async () => {
          const stored = await this.#options.store.read(id);
          const document = stored?.document ?? newEntityDocument(id, new Date());
          if (!enqueueRequests(document, requests)) return;
          document.lastModifiedTime = new Date().toISOString();
          await this.#options.store.write(document, stored?.etag);
        });
        break;
      } catch (error) {
        if (!(error instanceof InstanceConflictError)) throw error;
      }
    }
    this.process(id);
  }

  /** Delivers the entity's pending messages and runs its queued requests, batch by batch, in the background. */
  process(id: string): void {
    this.#withEntity(id, () => this.#drain(id))
      .then((delivering) => this.#deliverOutbox(id, delivering))
      .catch((error: unknown) => {
        if (this.#stopped) return;
        this.#logError(`Processing entity '${id}' failed; retrying`, error);
        setTimeout(() => this.process(id), storageRetryMs);
      });
  }

  #withEntity<T>(id: string, work: () => Promise<T>): Promise<T> {
    const previous = this.#locks.get(id) ?? Promise.resolve();
    const next = previous.then(work, work);
    const settled = next.catch(() => undefined);
    this.#locks.set(id, settled);
    void settled.then(() => {
      if (this.#locks.get(id) === settled) this.#locks.delete(id);
    });
    return next;
  }

  /**
   * Runs queued batches until nothing queued may run now (queue empty, or the entity locked by an orchestration
   * whose requests have not arrived); returns the messages to deliver. Lock and release requests are applied
   * one at a time, without the entity function; a batch of operations stops before the next of them.
   */
  async #drain(id: string): Promise<EntityMessage[]> {
    for (;;) {
      const stored = await this.#options.store.read(id);
      if (!stored) return [];
      const { document } = stored;
      const runnable = document.queue.filter((request) => mayRunNow(document, request));
      if (this.#stopped || runnable.length === 0) return document.outbox;
      let taken: EntityRequest[];
      if (runnable[0]!.kind) {
        taken = [runnable[0]!];
        applyLockRequest(document, runnable[0]!);
      } else {
        const end = runnable.findIndex(
          (request, index) => request.kind !== undefined || index >= maxBatchSize,
        );
        taken = end < 0 ? runnable : runnable.slice(0, end);
        const outcome = await this.#runBatch(document, taken);
        if (!outcome) {
          if (!this.#stopped) setTimeout(() => this.process(id), unavailableRetryMs);
          return document.outbox;
        }
        if (this.#stopped) return [];
      }
      document.queue = document.queue.filter((request) => !taken.includes(request));
      document.lastModifiedTime = new Date().toISOString();
      try {
        await this.#options.store.write(document, stored.etag);
      } catch (error) {
        if (!(error instanceof InstanceConflictError)) throw error;
      }
    }
  }

  /** Runs one batch and applies its outcome to `document`; undefined when the worker is unavailable. */
  async #runBatch(document: EntityDocument, batch: EntityRequest[]): Promise<true | undefined> {
    const target = this.findEntity(document.name);
    const fail = (message: string) => {
      for (const request of batch) {
        if (request.parent) {
          document.outbox.push({
            kind: 'response',
            to: request.parent,
            requestId: request.id,
            result: JSON.stringify(message),
            exceptionType: 'Error',
          });
        }
      }
    };
    if (!target) {
      fail(`The entity function '${document.name}' does not exist.`);
      this.#options.log({
        level: 'error',
        category: 'host',
        message: `Entity '${document.schedulerId}' received ${batch.length} operation(s), but no entity function '${document.name}' exists.`,
      });
      return true;
    }
    const input = {
      self: { name: document.name, key: document.key },
      exists: document.exists,
      ...(document.state === null ? {} : { state: document.state }),
      batch: batch.map((request) => ({
        id: request.id,
        name: request.op,
        ...(request.input === undefined ? {} : { input: request.input }),
        isSignal: request.signal,
        signal: request.signal,
      })),
    };
    const result = await this.#options.invoker.invoke(
      target.name,
      {
        invocationId: randomUUID(),
        functionId: target.functionId,
        inputData: [{ name: target.triggerBindingName, data: { string: JSON.stringify(input) } }],
        triggerMetadata: {},
      },
      `(Entity '${document.schedulerId}', ${batch.length} operation(s))`,
    );
    if (result.status === 'unavailable') return undefined;
    const json = result.status === 'succeeded' ? result.response.returnValue?.json : undefined;
    if (!json) {
      // The whole invocation failed (timeout, crashed worker): every operation fails, the state is kept.
      fail(
        result.status === 'failed' ? result.message : `Entity function '${target.name}' returned no state.`,
      );
      return true;
    }
    const state = JSON.parse(json) as EntityState;
    document.exists = state.entityExists;
    document.state = state.entityExists ? (state.entityState ?? null) : null;
    batch.forEach((request, index) => {
      if (!request.parent) return;
      const outcome = state.results[index];
      document.outbox.push({
        kind: 'response',
        to: request.parent,
        requestId: request.id,
        ...(outcome?.result === undefined ? {} : { result: outcome.result }),
        ...(outcome?.isError ? { exceptionType: 'Error' } : {}),
      });
    });
    for (const signal of state.signals ?? []) {
      document.outbox.push({
        kind: 'signal',
        target: schedulerId(signal.target.name, signal.target.key),
        request: {
          id: randomUUID(),
          op: signal.name,
          ...(signal.input ? { input: signal.input } : {}),
          signal: true,
        },
      });
    }
    return true;
  }

  /** Delivers messages (outside the entity's lock: an entity may signal itself), then removes them. */
  async #deliverOutbox(id: string, messages: readonly EntityMessage[]): Promise<void> {
    if (messages.length === 0 || this.#stopped) return;
    for (const message of messages) {
      if (message.kind === 'signal') await this.enqueue(message.target, [message.request]);
      else {
        const { result, exceptionType } = message;
        await this.#options.deliverResponse(
          message.to,
          message.requestId,
          JSON.stringify({ result, exceptionType }),
        );
      }
    }
    const delivered = new Set(messages.map(messageKey));
    for (;;) {
      try {
        await this.#withEntity(id, async () => {
          const stored = await this.#options.store.read(id);
          if (!stored) return;
          stored.document.outbox = stored.document.outbox.filter(
            (message) => !delivered.has(messageKey(message)),
          );
          await this.#options.store.write(stored.document, stored.etag);
        });
        return;
      } catch (error) {
        if (!(error instanceof InstanceConflictError)) throw error;
      }
    }
  }

  #logError(what: string, error: unknown): void {
    this.#options.log({
      level: 'error',
      category: 'host',
      message: `${what}: ${(error as Error).stack ?? String(error)}`,
    });
  }
}

/**
 * A lock request takes the entity's lock for its orchestration and goes on to the next entity of its lock set;
 * the last one answers the orchestration (the SDK resolves its lock task with that EventRaised). A release from
 * the holder frees the entity; one from anyone else changes nothing.
 */
function applyLockRequest(document: EntityDocument, request: EntityRequest): void {
  if (request.kind === 'release') {
    if (document.lockedBy === request.lockOwner) delete document.lockedBy;
    return;
  }
  if (!request.parent) return;
  document.lockedBy = request.parent.instanceId;
  const next = (request.position ?? 0) + 1;
  const lockSet = request.lockSet ?? [];
  if (next < lockSet.length) {
    document.outbox.push({ kind: 'signal', target: lockSet[next]!, request: { ...request, position: next } });
  } else {
    document.outbox.push({
      kind: 'response',
      to: request.parent,
      requestId: request.id,
      result: JSON.stringify('Lock Acquisition Completed'),
    });
  }
}

function messageKey(message: EntityMessage): string {
  return message.kind === 'signal' ? `signal\n${message.request.id}` : `response\n${message.requestId}`;
}

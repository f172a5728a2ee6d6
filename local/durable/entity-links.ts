/**
 * How orchestrations and entities reach each other: an orchestration's entity requests go to the entities'
 * queues (and leave the orchestration document once stored there); an entity's response to a call enters the
 * calling orchestration's inbox as EventRaised named by the request id, once.
 */
import type { HostLogSink } from '../host/host-log.js';
import type { DurableBackend } from './durable-backend.js';
import type { EntityBackend } from './entity-backend.js';
import type { EntityCaller } from './entity-document.js';
import { EventType, historyEvent } from './history-events.js';
import { isTerminal, type InstanceDocument } from './instance-document.js';

const retryMs = 2000;

export class EntityLinks {
  readonly #sending = new Set<string>();
  #durable: DurableBackend | undefined;
  #stopped = false;
  #entities: EntityBackend | undefined;
  readonly #log: HostLogSink;

  constructor(log: HostLogSink) {
    this.#log = log;
  }

  connect(durable: DurableBackend, entities: EntityBackend): void {
    this.#durable = durable;
    this.#entities = entities;
  }

  stop(): void {
    this.#stopped = true;
  }

  /** Sends the document's pending entity requests that are not already on their way. */
  sendRequests(document: InstanceDocument): void {
    const { instanceId, executionId } = document;
    for (const { target, request } of document.entityRequests ?? []) {
      if (this.#stopped || this.#sending.has(request.id) || !this.#durable || !this.#entities) continue;
      this.#sending.add(request.id);
      const durable = this.#durable;
      this.#entities
        .enqueue(target, [request])
        .then(() =>
          durable.deliverTo(instanceId, executionId, (current) => {
            const before = current.entityRequests?.length ?? 0;
            current.entityRequests = current.entityRequests?.filter((item) => item.request.id !== request.id);
            return current.entityRequests?.length !== before;
          }),
        )
        .then(
          () => false,
          (error: unknown) => {
            if (this.#stopped) return false;
            this.#log({
              level: 'error',
              category: 'host',
              message: `Sending operation '${request.op}' to entity '${target}' failed; retrying: ${String(error)}`,
            });
            return true;
          },
        )
        .then(async (retry) => {
          if (retry) await new Promise((resolve) => setTimeout(resolve, retryMs));
          this.#sending.delete(request.id);
          // Sent again (the entity drops a request it already has) unless the host stopped meanwhile.
          if (retry && !this.#stopped) this.sendRequests(document);
        });
    }
  }

  /** Adds a call's response to the caller's inbox, unless it is already there or the caller has finished. */
  deliverResponse(to: EntityCaller, requestId: string, input: string): Promise<void> {
    if (!this.#durable) return Promise.reject(new Error('Entity links are not connected.'));
    return this.#durable.deliverTo(to.instanceId, to.executionId, (document) => {
      if (isTerminal(document.runtimeStatus)) return false;
      const seen = (events: readonly { EventType: number; Name?: unknown }[]) =>
        events.some((event) => event.EventType === EventType.EventRaised && event.Name === requestId);
      if (seen(document.inbox) || seen(document.history)) return false;
      document.inbox.push(historyEvent(EventType.EventRaised, new Date(), { Name: requestId, Input: input }));
      return true;
    });
  }
}

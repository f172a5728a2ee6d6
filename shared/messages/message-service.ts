/**
 * Publishing messages and broadcasting signals in one tenant.
 *
 * A message goes to ONE open subscription that matches its name and correlation key (the oldest), else it
 * starts a case of every process with a matching message start event (through the `CaseStarter` port), else
 * it stays buffered until `expiresAt`, when a later subscription picks it up (`SubscriptionService`). Whoever
 * correlates a message first moves its document out of `buffered` under its ETag, so it is delivered once.
 * Publishing a message id again reports what happened to it the first time (and re-delivers it, which the
 * inbox ignores as a duplicate), so a retrying publisher never correlates twice.
 *
 * A signal goes to every case with an open subscription to it (one delivery per case: the engine fires all
 * of a case's catches of the signal) and starts the processes with a matching signal start event.
 */
import type { CaseInbox } from '../cases/case-inbox.js';
import type { CaseStarter } from '../cases/case-starter.js';
import { CaseflowError } from '../errors/caseflow-error.js';
import type { Variables } from '../engine/index.js';
import type { Stored, TenantRepository } from '../storage/tenant-repository.js';
import { updateWithEtag } from '../storage/update-with-etag.js';
import {
  closedSubscriptionTtlSeconds,
  messageDeliveryKey,
  messageDocumentIdFor,
  messageIdRetentionSeconds,
  type MessageDocument,
  type MessageState,
  type SubscriptionDocument,
} from './message-documents.js';

export interface MessageServiceOptions {
  readonly subscriptions: TenantRepository<SubscriptionDocument>;
  readonly messages: TenantRepository<MessageDocument>;
  readonly inbox: CaseInbox;
  readonly starter: CaseStarter;
  readonly clock: () => Date;
  /** A fresh unique id, for messages and signals published without one. */
  readonly newId: () => string;
}

export interface PublishMessage {
  readonly name: string;
  readonly correlationKey?: string;
  readonly variables: Variables;
  readonly timeToLiveSeconds: number;
  /** Makes publishing idempotent: the same id is correlated once. */
  readonly messageId?: string;
}

export interface PublishOutcome {
  readonly messageId: string;
  readonly state: MessageState;
  readonly caseId?: string;
  readonly startedCases?: readonly string[];
  readonly expiresAt: string;
}

export interface BroadcastOutcome {
  readonly signalId: string;
  /** The cases the signal was delivered to. */
  readonly deliveredTo: readonly string[];
  readonly startedCases: readonly string[];
}

export class MessageService {
  constructor(private readonly options: MessageServiceOptions) {}

  async publish(input: PublishMessage, actor: string): Promise<PublishOutcome> {
    const { messages, clock } = this.options;
    const messageId = input.messageId ?? this.options.newId();
    const now = clock();
    const { document, created } = await messages.createIfAbsent({
      id: messageDocumentIdFor(messageId),
      type: 'message',
      messageId,
      name: input.name,
      ...(input.correlationKey !== undefined ? { correlationKey: input.correlationKey } : {}),
      variables: input.variables,
      state: 'buffered',
      publishedAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + input.timeToLiveSeconds * 1000).toISOString(),
      ttl: input.timeToLiveSeconds + messageIdRetentionSeconds,
    });
    if (!created && document.state === 'correlated' && document.caseId !== undefined) {
      await this.#deliver(document.caseId, document, actor);
    }
    if (!created && document.state !== 'buffered') return outcomeOf(document);
    return outcomeOf(await this.#correlate(document, actor));
  }

  async broadcast(
    input: { readonly name: string; readonly variables: Variables; readonly signalId?: string },
    actor: string,
  ): Promise<BroadcastOutcome> {
    const signalId = input.signalId ?? this.options.newId();
    const open = await this.options.subscriptions.queryAll({
      where: "c.type = 'subscription' AND c.kind = 'signal' AND c.name = @name AND c.state = 'open'",
      parameters: [{ name: '@name', value: input.name }],
    });
    const deliveredTo: string[] = [];
    for (const caseId of new Set(open.map((subscription) => subscription.caseId))) {
      const event = { type: 'signalReceived' as const, signalName: input.name, variables: input.variables };
      const ref = { tenantId: this.options.subscriptions.tenantId, caseId };
      try {
        await this.options.inbox.deliver(ref, event, { idempotencyKey: `signal:${signalId}`, actor });
        deliveredTo.push(caseId);
      } catch (error) {
        if (!isGone(error)) throw error;
        for (const stale of open.filter((subscription) => subscription.caseId === caseId)) {
          await closeSubscription(this.options.subscriptions, stale.id);
        }
      }
    }
    const started = await this.options.starter.startCasesFor(
      this.options.subscriptions.tenantId,
      { kind: 'signal', name: input.name },
      { variables: input.variables, idempotencyKey: `signal:${signalId}`, actor },
    );
    return { signalId, deliveredTo, startedCases: started.map((start) => start.caseId) };
  }

  /** Moves a buffered message on: to one subscription, else to new cases, else it stays buffered. */
  async #correlate(message: Stored<MessageDocument>, actor: string): Promise<Stored<MessageDocument>> {
    for (;;) {
      const subscription = await this.#oldestMatchingSubscription(message);
      if (subscription) {
        const taken = await moveMessage(this.options.messages, message.id, 'buffered', {
          state: 'correlated',
          caseId: subscription.caseId,
          subscriptionId: subscription.id,
        });
        if (!taken) return (await this.options.messages.read(message.id)) ?? message;
        try {
          await this.#deliver(subscription.caseId, taken, actor);
          return taken;
        } catch (error) {
          if (!isGone(error)) throw error;
          // The case ended: its subscription is stale; the message goes back to be correlated elsewhere.
          await closeSubscription(this.options.subscriptions, subscription.id);
          const back = await moveMessage(this.options.messages, message.id, 'correlated', {
            state: 'buffered',
          });
          if (!back) return (await this.options.messages.read(message.id)) ?? message;
          message = back;
          continue;
        }
      }
      const starting = await moveMessage(this.options.messages, message.id, 'buffered', { state: 'started' });
      if (!starting) return (await this.options.messages.read(message.id)) ?? message;
      const started = await this.options.starter.startCasesFor(
        this.options.messages.tenantId,
        { kind: 'message', name: message.name },
        { variables: message.variables, idempotencyKey: messageDeliveryKey(message.messageId), actor },
      );
      if (started.length > 0) {
        const startedCases = started.map((start) => start.caseId);
        return (
          (await moveMessage(this.options.messages, message.id, 'started', { startedCases })) ?? starting
        );
      }
      const expired = message.expiresAt <= this.options.clock().toISOString();
      const next = await moveMessage(this.options.messages, message.id, 'started', {
        state: expired ? 'discarded' : 'buffered',
      });
      // A subscription made while the message was away from `buffered` did not see it: look once more.
      if (!next || expired || !(await this.#oldestMatchingSubscription(next))) return next ?? starting;
      message = next;
    }
  }

  async #oldestMatchingSubscription(message: MessageDocument) {
    // A subscription without a correlation key takes any message of its name (as the engine matches).
    const keyCondition =
      message.correlationKey === undefined
        ? 'NOT IS_DEFINED(c.correlationKey)'
        : '(NOT IS_DEFINED(c.correlationKey) OR c.correlationKey = @key)';
    const page = await this.options.subscriptions.query({
      where: `c.type = 'subscription' AND c.kind = 'message' AND c.name = @name AND c.state = 'open' AND ${keyCondition}`,
      parameters: [
        { name: '@name', value: message.name },
        ...(message.correlationKey !== undefined ? [{ name: '@key', value: message.correlationKey }] : []),
      ],
      orderBy: 'c.createdAt',
      maxItemCount: 1,
    });
    return page.items[0];
  }

  async #deliver(caseId: string, message: MessageDocument, actor: string): Promise<void> {
    await deliverMessage(
      this.options.inbox,
      { tenantId: this.options.messages.tenantId, caseId },
      message,
      actor,
    );
  }
}

/** Delivers `messageReceived` for a correlated message; the message id makes it a duplicate the second time. */
export async function deliverMessage(
  inbox: CaseInbox,
  ref: { readonly tenantId: string; readonly caseId: string },
  message: MessageDocument,
  actor: string,
): Promise<void> {
  await inbox.deliver(
    ref,
    {
      type: 'messageReceived',
      messageName: message.name,
      ...(message.correlationKey !== undefined ? { correlationKey: message.correlationKey } : {}),
      variables: message.variables,
    },
    { idempotencyKey: messageDeliveryKey(message.messageId), actor },
  );
}

/** Changes the message only if it is still in `from` (under its ETag); `undefined` when it was not. */
export async function moveMessage(
  messages: TenantRepository<MessageDocument>,
  id: string,
  from: MessageState,
  change: Partial<Pick<MessageDocument, 'state' | 'caseId' | 'subscriptionId' | 'startedCases'>>,
): Promise<Stored<MessageDocument> | undefined> {
  let moved = false;
  const result = await updateWithEtag(messages, id, (current) => {
    moved = current.state === from;
    if (!moved) return undefined;
    const next = { ...current, ...change };
    if (change.state === 'buffered') {
      delete (next as { caseId?: string }).caseId;
      delete (next as { subscriptionId?: string }).subscriptionId;
    }
    return next;
  });
  return moved ? result : undefined;
}

export async function closeSubscription(
  subscriptions: TenantRepository<SubscriptionDocument>,
  id: string,
): Promise<void> {
  await updateWithEtag(subscriptions, id, (current) =>
    current.state === 'open'
      ? { ...current, state: 'closed' as const, ttl: closedSubscriptionTtlSeconds }
      : undefined,
  );
}

/** The case ended or never existed: a subscription to it is stale, not an error of the publisher. */
function isGone(error: unknown): boolean {
  return (
    error instanceof CaseflowError && (error.code === 'cases.closed' || error.code === 'cases.not-found')
  );
}

function outcomeOf(message: MessageDocument): PublishOutcome {
  return {
    messageId: message.messageId,
    state: message.state,
    ...(message.caseId !== undefined ? { caseId: message.caseId } : {}),
    ...(message.startedCases !== undefined ? { startedCases: message.startedCases } : {}),
    expiresAt: message.expiresAt,
  };
}

/**
 * The performer of the engine's message and signal commands. `subscribeMessage` / `subscribeSignal` open a
 * subscription document (id from the case, element instance and name, so a retried `advanceCase` opens it
 * once); a new message subscription then takes the oldest unexpired buffered message that matches it, at most
 * one, remembered on the message, so a retry re-delivers that one instead of taking a second. Unsubscribing
 * closes the subscription. `publishMessage` / `broadcastSignal` (thrown by the model) publish under an id
 * derived from the command, so a retry publishes nothing twice.
 */
import type { CaseInbox } from '../cases/case-inbox.js';
import type { CommandContext, CommandOf, CommandPerformer } from '../cases/command-performer.js';
import type { EngineCommand } from '../engine/index.js';
import type { TenantRepository } from '../storage/tenant-repository.js';
import {
  subscriptionIdFor,
  type MessageDocument,
  type SubscriptionDocument,
  type SubscriptionKind,
} from './message-documents.js';
import { closeSubscription, deliverMessage, moveMessage, type MessageService } from './message-service.js';

export interface MessagePerformerOptions {
  readonly subscriptions: (tenantId: string) => TenantRepository<SubscriptionDocument>;
  readonly messages: (tenantId: string) => TenantRepository<MessageDocument>;
  readonly service: (tenantId: string) => MessageService;
  readonly inbox: CaseInbox;
  /** The time to live of a message the model throws. */
  readonly timeToLiveSeconds: number;
}

const actor = 'system:messages';

export function messagePerformer(options: MessagePerformerOptions): CommandPerformer {
  return {
    handles: new Set([
      'subscribeMessage',
      'unsubscribeMessage',
      'subscribeSignal',
      'unsubscribeSignal',
      'publishMessage',
      'broadcastSignal',
    ]),
    async perform(command: EngineCommand, context: CommandContext) {
      switch (command.kind) {
        case 'subscribeMessage':
          return subscribeMessage(options, command, context);
        case 'subscribeSignal':
          await subscribe(options, context, command.elementInstance, 'signal', command.signalName);
          return;
        case 'unsubscribeMessage':
          return unsubscribe(options, context, command.elementInstance, 'message', command.messageName);
        case 'unsubscribeSignal':
          return unsubscribe(options, context, command.elementInstance, 'signal', command.signalName);
        case 'publishMessage':
          await options.service(context.tenantId).publish(
            {
              name: command.messageName,
              ...(command.correlationKey !== undefined ? { correlationKey: command.correlationKey } : {}),
              variables: command.variables,
              timeToLiveSeconds: options.timeToLiveSeconds,
              messageId: `case:${context.caseId}:${context.commandId}`,
            },
            actor,
          );
          return;
        case 'broadcastSignal':
          await options.service(context.tenantId).broadcast(
            {
              name: command.signalName,
              variables: {},
              signalId: `case:${context.caseId}:${context.commandId}`,
            },
            actor,
          );
          return;
      }
    },
  };
}

async function subscribe(
  options: MessagePerformerOptions,
  context: CommandContext,
  elementInstance: string,
  kind: SubscriptionKind,
  name: string,
  correlationKey?: string,
) {
  const { document } = await options.subscriptions(context.tenantId).createIfAbsent({
    id: subscriptionIdFor(context.caseId, elementInstance, kind, name),
    type: 'subscription',
    kind,
    name,
    ...(correlationKey !== undefined ? { correlationKey } : {}),
    caseId: context.caseId,
    processKey: context.processKey,
    elementInstance,
    state: 'open',
    createdAt: context.now,
  });
  return document;
}

async function subscribeMessage(
  options: MessagePerformerOptions,
  command: CommandOf<'subscribeMessage'>,
  context: CommandContext,
): Promise<void> {
  const { messageName, correlationKey, elementInstance } = command;
  const subscription = await subscribe(
    options,
    context,
    elementInstance,
    'message',
    messageName,
    correlationKey,
  );
  if (subscription.state !== 'open') return;
  const messages = options.messages(context.tenantId);
  const ref = { tenantId: context.tenantId, caseId: context.caseId };
  const [already] = await messages.queryAll({
    where: "c.type = 'message' AND c.state = 'correlated' AND c.subscriptionId = @subscription",
    parameters: [{ name: '@subscription', value: subscription.id }],
  });
  if (already) return deliverMessage(options.inbox, ref, already, actor);
  // The subscription's key must equal the message's; without a key it takes any message of the name.
  const page = await messages.query({
    where: `c.type = 'message' AND c.state = 'buffered' AND c.name = @name AND c.expiresAt > @now${
      correlationKey !== undefined ? ' AND c.correlationKey = @key' : ''
    }`,
    parameters: [
      { name: '@name', value: messageName },
      { name: '@now', value: context.now },
      ...(correlationKey !== undefined ? [{ name: '@key', value: correlationKey }] : []),
    ],
    orderBy: 'c.publishedAt',
    maxItemCount: 20,
  });
  for (const candidate of page.items) {
    const taken = await moveMessage(messages, candidate.id, 'buffered', {
      state: 'correlated',
      caseId: context.caseId,
      subscriptionId: subscription.id,
    });
    if (taken) return deliverMessage(options.inbox, ref, taken, actor);
  }
}

async function unsubscribe(
  options: MessagePerformerOptions,
  context: CommandContext,
  elementInstance: string,
  kind: SubscriptionKind,
  name: string,
): Promise<void> {
  const id = subscriptionIdFor(context.caseId, elementInstance, kind, name);
  await closeSubscription(options.subscriptions(context.tenantId), id);
}

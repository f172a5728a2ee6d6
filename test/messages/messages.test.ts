import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { CaseInbox } from '../../shared/cases/case-inbox.js';
import type { CommandContext } from '../../shared/cases/command-performer.js';
import type { EngineCommand } from '../../shared/engine/index.js';
import { CaseflowError } from '../../shared/errors/caseflow-error.js';
import {
  messageDocumentIdFor,
  type MessageDocument,
  type SubscriptionDocument,
} from '../../shared/messages/message-documents.js';
import { messagePerformer } from '../../shared/messages/message-performer.js';
import { MessageService } from '../../shared/messages/message-service.js';
import { TenantRepository } from '../../shared/storage/tenant-repository.js';
import { FakeCaseStarter } from '../support/fake-case-starter.js';
import { startLocalCosmos, type LocalCosmos } from '../support/local-cosmos.js';
import { RecordingInbox } from '../support/recording-inbox.js';

const start = Date.parse('2030-01-01T00:00:00Z');

describe('messages and signals (on the local Cosmos DB)', () => {
  let cosmos: LocalCosmos;
  let clock = start;
  let inbox: RecordingInbox;
  let starter: FakeCaseStarter;
  /** Cases that refuse deliveries as closed. */
  const closed = new Set<string>();
  let ids = 0;
  let commands = 0;
  const subscriptions = (tenantId: string) =>
    new TenantRepository<SubscriptionDocument>(cosmos.container('messages'), tenantId);
  const messages = (tenantId: string) =>
    new TenantRepository<MessageDocument>(cosmos.container('messages'), tenantId);
  const closingInbox: CaseInbox = {
    deliver: (ref, event, options) => {
      if (closed.has(ref.caseId)) throw new CaseflowError('cases.closed', `Case ${ref.caseId} is closed.`);
      return inbox.deliver(ref, event, options);
    },
  };
  const service = (tenantId: string) =>
    new MessageService({
      subscriptions: subscriptions(tenantId),
      messages: messages(tenantId),
      inbox: closingInbox,
      starter,
      clock: () => new Date(clock),
      newId: () => `generated-${++ids}`,
    });
  const performer = messagePerformer({
    subscriptions,
    messages,
    service,
    inbox: closingInbox,
    timeToLiveSeconds: 60,
  });
  // Each test uses its own tenant, so the documents of one test never meet another's.
  let tenant = '';
  let tenants = 0;
  const context = (caseId: string): CommandContext => ({
    tenantId: tenant,
    caseId,
    processKey: 'order',
    definitionId: 'order:1',
    commandId: `cmd-${++commands}`,
    now: new Date(clock).toISOString(),
  });
  const perform = (caseId: string, command: EngineCommand) => performer.perform(command, context(caseId));
  const subscribe = (caseId: string, messageName: string, correlationKey?: string, elementInstance = 'e1') =>
    perform(caseId, {
      kind: 'subscribeMessage',
      elementInstance,
      messageName,
      ...(correlationKey !== undefined ? { correlationKey } : {}),
    });
  const publish = (name: string, correlationKey?: string, extra: Record<string, unknown> = {}) =>
    service(tenant).publish(
      {
        name,
        ...(correlationKey !== undefined ? { correlationKey } : {}),
        variables: { paid: true },
        timeToLiveSeconds: 60,
        ...extra,
      },
      'alice',
    );
  const delivered = () => inbox.deliveries.map((delivery) => [delivery.ref.caseId, delivery.event.type]);

  before(async () => {
    cosmos = await startLocalCosmos('messages', ['messages']);
  });
  after(async () => {
    await cosmos.stop();
  });
  beforeEach(() => {
    tenant = `tenant-${++tenants}`;
    inbox = new RecordingInbox();
    starter = new FakeCaseStarter();
    closed.clear();
    clock = start;
  });

  it('correlates a message to the one waiting subscription with its name and key', async () => {
    await subscribe('case-a', 'paid', 'order-1');
    await subscribe('case-b', 'paid', 'order-2');
    const outcome = await publish('paid', 'order-2', { messageId: 'm-1' });
    assert.equal(outcome.state, 'correlated');
    assert.equal(outcome.caseId, 'case-b');
    assert.deepEqual(inbox.deliveries[0]?.event, {
      type: 'messageReceived',
      messageName: 'paid',
      correlationKey: 'order-2',
      variables: { paid: true },
    });
    assert.equal(inbox.deliveries[0]?.options.idempotencyKey, 'message:m-1');
  });

  it('delivers one message to one subscription only, the oldest, when several match', async () => {
    await subscribe('case-a', 'paid', 'k');
    clock += 1000;
    await subscribe('case-b', 'paid', 'k');
    await publish('paid', 'k');
    assert.deepEqual(delivered(), [['case-a', 'messageReceived']]);
  });

  it('publishing the same message id again correlates nothing new and reports the first outcome', async () => {
    await subscribe('case-a', 'paid', 'k');
    await subscribe('case-b', 'paid', 'k', 'e2');
    const first = await publish('paid', 'k', { messageId: 'same' });
    const second = await publish('paid', 'k', { messageId: 'same' });
    assert.deepEqual(second, first);
    assert.equal(inbox.deliveries.length, 1);
  });

  it('buffers a message nobody waits for; a later subscription takes it exactly once', async () => {
    const outcome = await publish('paid', 'k', { messageId: 'early' });
    assert.equal(outcome.state, 'buffered');
    assert.equal(inbox.deliveries.length, 0);
    await subscribe('case-a', 'paid', 'k');
    await subscribe('case-b', 'paid', 'k');
    assert.deepEqual(delivered(), [['case-a', 'messageReceived']]);
    // The engine withdraws case-a's catch once it fired: the next message goes to case-b.
    await perform('case-a', { kind: 'unsubscribeMessage', elementInstance: 'e1', messageName: 'paid' });
    await publish('paid', 'k', { messageId: 'second' });
    assert.deepEqual(delivered(), [
      ['case-a', 'messageReceived'],
      ['case-b', 'messageReceived'],
    ]);
  });

  it('a retried subscribe re-delivers the message it took instead of taking another', async () => {
    await publish('paid', 'k', { messageId: 'one' });
    await publish('paid', 'k', { messageId: 'two' });
    await subscribe('case-a', 'paid', 'k');
    await subscribe('case-a', 'paid', 'k');
    assert.equal(inbox.deliveries.length, 1);
    const two = await messages(tenant).read(messageDocumentIdFor('two'));
    assert.equal(two?.state, 'buffered');
  });

  it('ignores a buffered message once its time to live is over', async () => {
    await publish('paid', 'k', { timeToLiveSeconds: 10 });
    clock += 11_000;
    await subscribe('case-a', 'paid', 'k');
    assert.equal(inbox.deliveries.length, 0);
  });

  it('a message with time to live 0 and no receiver is discarded', async () => {
    const outcome = await publish('paid', 'k', { timeToLiveSeconds: 0 });
    assert.equal(outcome.state, 'discarded');
    await subscribe('case-a', 'paid', 'k');
    assert.equal(inbox.deliveries.length, 0);
  });

  it('gives a stored message a Cosmos ttl and an expiry time', async () => {
    const outcome = await publish('paid', 'k', { messageId: 'ttl', timeToLiveSeconds: 30 });
    const stored = await messages(tenant).read(messageDocumentIdFor('ttl'));
    assert.equal(outcome.expiresAt, '2030-01-01T00:00:30.000Z');
    assert.ok((stored?.ttl ?? 0) > 30);
  });

  it('an unsubscribed element no longer receives messages', async () => {
    await subscribe('case-a', 'paid', 'k');
    await perform('case-a', { kind: 'unsubscribeMessage', elementInstance: 'e1', messageName: 'paid' });
    assert.equal((await publish('paid', 'k')).state, 'buffered');
    assert.equal(inbox.deliveries.length, 0);
  });

  it('skips the subscription of a closed case and correlates to the next one', async () => {
    await subscribe('case-a', 'paid', 'k');
    clock += 1000;
    await subscribe('case-b', 'paid', 'k');
    closed.add('case-a');
    const outcome = await publish('paid', 'k');
    assert.equal(outcome.caseId, 'case-b');
  });

  it('a subscription without a correlation key takes any message of its name', async () => {
    await subscribe('case-a', 'paid');
    assert.equal((await publish('paid', 'any-key')).caseId, 'case-a');
  });

  it('starts the processes with a matching message start event when no case waits', async () => {
    starter.processes.set('message:order-placed', ['fulfil']);
    const outcome = await publish('order-placed', undefined, { messageId: 'p-1' });
    assert.equal(outcome.state, 'started');
    assert.deepEqual(outcome.startedCases, ['fulfil-message:p-1']);
    assert.deepEqual(starter.calls[0]?.trigger, { kind: 'message', name: 'order-placed' });
    assert.equal(starter.calls[0]?.options.idempotencyKey, 'message:p-1');
    await publish('order-placed', undefined, { messageId: 'p-1' });
    assert.equal(starter.calls.length, 1);
  });

  it('keeps messages of one tenant away from another tenant', async () => {
    await subscribe('case-a', 'paid', 'k');
    const other = await service('someone-else').publish(
      { name: 'paid', correlationKey: 'k', variables: {}, timeToLiveSeconds: 60 },
      'mallory',
    );
    assert.equal(other.state, 'buffered');
    assert.equal(inbox.deliveries.length, 0);
  });

  it('broadcasts a signal once to every case with a subscription and starts signal processes', async () => {
    await perform('case-a', { kind: 'subscribeSignal', elementInstance: 'e1', signalName: 'alarm' });
    await perform('case-a', { kind: 'subscribeSignal', elementInstance: 'e2', signalName: 'alarm' });
    await perform('case-b', { kind: 'subscribeSignal', elementInstance: 'e1', signalName: 'alarm' });
    await perform('case-c', { kind: 'subscribeSignal', elementInstance: 'e1', signalName: 'alarm' });
    await perform('case-c', { kind: 'unsubscribeSignal', elementInstance: 'e1', signalName: 'alarm' });
    starter.processes.set('signal:alarm', ['evacuate']);
    const outcome = await service(tenant).broadcast({ name: 'alarm', variables: { level: 3 } }, 'bob');
    assert.deepEqual([...outcome.deliveredTo].sort(), ['case-a', 'case-b']);
    assert.deepEqual(outcome.startedCases, [`evacuate-signal:${outcome.signalId}`]);
    assert.deepEqual(inbox.deliveries[0]?.event, {
      type: 'signalReceived',
      signalName: 'alarm',
      variables: { level: 3 },
    });
  });

  it('a model-thrown message and signal are published once however often the command is performed', async () => {
    await subscribe('case-a', 'shipped', 'k');
    const context1 = context('case-z');
    const thrown: EngineCommand = {
      kind: 'publishMessage',
      element: 'notify',
      messageName: 'shipped',
      correlationKey: 'k',
      variables: { carrier: 'x' },
    };
    await performer.perform(thrown, context1);
    await performer.perform(thrown, context1);
    assert.deepEqual(delivered(), [['case-a', 'messageReceived']]);
    await perform('case-b', { kind: 'subscribeSignal', elementInstance: 'e1', signalName: 'stop' });
    const signal: EngineCommand = { kind: 'broadcastSignal', element: 'halt', signalName: 'stop' };
    const context2 = context('case-z');
    await performer.perform(signal, context2);
    await performer.perform(signal, context2);
    assert.deepEqual(delivered(), [
      ['case-a', 'messageReceived'],
      ['case-b', 'signalReceived'],
    ]);
  });
});

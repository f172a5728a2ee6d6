/**
 * One queue-triggered function's listener, following the storage queues extension 5.x (QueueListener,
 * QueueProcessor): receive up to `batchSize` messages, invisible while they run (renewed at half time); fetch
 * the next batch once at most `newBatchThreshold` are still running; when the queue is empty, wait with a
 * randomized exponential back-off up to `maxPollingInterval` (an output binding of this app adding a message
 * wakes it at once). Success deletes the message; failure makes it visible again after `visibilityTimeout`,
 * or moves it to `<queue>-poison` once it was dequeued `maxDequeueCount` times.
 */
import { randomUUID } from 'node:crypto';
import type { DequeuedMessageItem, QueueClient } from '@azure/storage-queue';
import type { HostFunction } from './function-index.js';
import type { HostLogSink } from './host-log.js';
import { minPollingIntervalMs, processingVisibilityMs, type QueueOptions } from './queue-options.js';
import { writeQueueOutputs } from './queue-output.js';
import type { RpcInvocationRequest } from './rpc-types.js';
import { decodeMessage, type StorageQueues } from './storage-queues.js';
import type { Invoker } from './worker-supervisor.js';

export interface QueueListenerContext {
  supervisor: Invoker;
  queues: StorageQueues;
  options: QueueOptions;
  log: HostLogSink;
}

/** Storage queue names: 3-63 characters; the real host makes no poison queue it could not name. */
const maxQueueNameLength = 63;

export class QueueTriggerListener {
  readonly #target: HostFunction;
  readonly #context: QueueListenerContext;
  readonly #queueName: string;
  readonly #client: QueueClient;
  readonly #poison: QueueClient | undefined;
  readonly #inFlight = new Set<Promise<void>>();
  readonly #unsubscribe: () => void;
  #stopped = false;
  #wake: (() => void) | undefined;
  #woken = false;
  #loop: Promise<void> = Promise.resolve();
  #lastError: string | undefined;

  /** `queueName` is resolved and checked (`StorageQueues.queueName`). */
  constructor(
    target: HostFunction,
    queueName: string,
    connectionString: string,
    context: QueueListenerContext,
  ) {
    this.#target = target;
    this.#context = context;
    this.#queueName = queueName;
    this.#client = context.queues.client(connectionString, this.#queueName);
    const poisonName = `${this.#queueName}-poison`;
    this.#poison =
      this.#queueName.endsWith('-poison') || poisonName.length > maxQueueNameLength
        ? undefined
        : context.queues.client(connectionString, poisonName);
    this.#unsubscribe = context.queues.onMessageAdded(connectionString, this.#queueName, () =>
      this.#signal(),
    );
  }

  start(): void {
    this.#loop = this.#poll();
  }

  /** Stops polling; `settled` resolves once the messages being processed are settled too. */
  stopPolling(): void {
    this.#stopped = true;
    this.#unsubscribe();
    this.#signal();
  }

  async settled(): Promise<void> {
    await this.#loop;
    await Promise.all(this.#inFlight);
  }

  #signal(): void {
    this.#woken = true;
    this.#wake?.();
  }

  /** Waits for `ms`, a wake-up or a finished message, whichever comes first. */
  async #pause(ms: number | undefined, waitForMessage: boolean): Promise<void> {
    if (this.#woken) {
      this.#woken = false;
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    await new Promise<void>((resolve) => {
      this.#wake = resolve;
      if (ms !== undefined) timer = setTimeout(resolve, ms);
      if (waitForMessage) void Promise.race(this.#inFlight).then(resolve);
    });
    clearTimeout(timer);
    this.#wake = undefined;
    this.#woken = false;
  }

  async #poll(): Promise<void> {
    const { batchSize, newBatchThreshold, maxPollingIntervalMs } = this.#context.options;
    let delay = minPollingIntervalMs;
    while (!this.#stopped) {
      if (this.#inFlight.size > newBatchThreshold) {
        await this.#pause(undefined, true);
        continue;
      }
      const messages = await this.#receive(batchSize);
      if (this.#stopped) {
        await Promise.all(messages.map((message) => this.#release(message.messageId, message.popReceipt)));
        break;
      }
      if (messages.length > 0) {
        delay = minPollingIntervalMs;
        for (const message of messages) this.#track(this.#process(message));
        continue;
      }
      // Randomized exponential back-off, as the real host waits on an empty queue.
      await this.#pause(delay * (0.8 + Math.random() * 0.4), false);
      delay = Math.min(delay * 2, maxPollingIntervalMs);
    }
  }

  #track(processing: Promise<void>): void {
    const settled = processing.catch((error: unknown) => this.#hostError('processing a message', error));
    this.#inFlight.add(settled);
    void settled.then(() => this.#inFlight.delete(settled));
  }

  async #receive(batchSize: number): Promise<DequeuedMessageItem[]> {
    try {
      const received = await this.#client.receiveMessages({
        numberOfMessages: batchSize,
        visibilityTimeout: processingVisibilityMs / 1000,
      });
      this.#lastError = undefined;
      return received.receivedMessageItems;
    } catch (error) {
      // A queue that does not exist yet is an empty queue, as for the real listener.
      if ((error as { statusCode?: number }).statusCode !== 404) this.#hostError('polling', error);
      return [];
    }
  }

  async #process(message: DequeuedMessageItem): Promise<void> {
    const { maxDequeueCount, messageEncoding } = this.#context.options;
    const text = decodeMessage(message.messageText, messageEncoding);
    if (text === undefined) {
      this.#warn(`Message '${message.messageId}' on queue '${this.#queueName}' is not valid base64.`);
      await this.#moveToPoison(message, message.popReceipt);
      return;
    }
    if (message.dequeueCount > maxDequeueCount) {
      await this.#moveToPoison(message, message.popReceipt);
      return;
    }
    const receipt = { popReceipt: message.popReceipt };
    const renewal = setInterval(
      () => void this.#renew(message.messageId, receipt),
      processingVisibilityMs / 2,
    );
    const { supervisor, queues, options } = this.#context;
    const result = await supervisor.invoke(
      this.#target.name,
      this.#request(message, text),
      `New queue message detected on '${this.#queueName}'.`,
    );
    clearInterval(renewal);
    if (result.status === 'succeeded') {
      try {
        await writeQueueOutputs(this.#target, result.response, queues, options.messageEncoding);
        await this.#client.deleteMessage(message.messageId, receipt.popReceipt);
        return;
      } catch (error) {
        this.#hostError(`writing the outputs of 'Functions.${this.#target.name}'`, error);
      }
    }
    // Not the message's fault: on shutdown it is released for the next start; with no worker it stays
    // invisible until its processing visibility ends, as with a host that went down, instead of spinning.
    if (this.#stopped) {
      await this.#release(message.messageId, receipt.popReceipt);
      return;
    }
    if (result.status === 'unavailable') return;
    if (message.dequeueCount >= maxDequeueCount) await this.#moveToPoison(message, receipt.popReceipt);
    else {
      await this.#client.updateMessage(
        message.messageId,
        receipt.popReceipt,
        undefined,
        // The service takes whole seconds.
        Math.ceil(options.visibilityTimeoutMs / 1000),
      );
    }
  }

  /** The trigger input and metadata as the real host binds them (QueueTriggerBinding). */
  #request(message: DequeuedMessageItem, text: string): RpcInvocationRequest {
    const time = (date: Date) => ({ json: JSON.stringify(date.toISOString().replace(/Z$/, '+00:00')) });
    return {
      invocationId: randomUUID(),
      functionId: this.#target.functionId,
      inputData: [{ name: this.#target.triggerBindingName, data: { string: text } }],
      triggerMetadata: {
        QueueTrigger: { string: text },
        DequeueCount: { int: message.dequeueCount },
        Id: { string: message.messageId },
        PopReceipt: { string: message.popReceipt },
        InsertionTime: time(message.insertedOn),
        ExpirationTime: time(message.expiresOn),
        NextVisibleTime: time(message.nextVisibleOn),
        sys: {
          json: JSON.stringify({
            MethodName: this.#target.name,
            UtcNow: new Date().toISOString(),
            RandGuid: randomUUID(),
          }),
        },
      },
    };
  }

  async #renew(messageId: string, receipt: { popReceipt: string }): Promise<void> {
    try {
      const updated = await this.#client.updateMessage(
        messageId,
        receipt.popReceipt,
        undefined,
        processingVisibilityMs / 1000,
      );
      if (updated.popReceipt) receipt.popReceipt = updated.popReceipt;
    } catch (error) {
      this.#hostError('renewing a message', error);
    }
  }

  async #release(messageId: string, popReceipt: string): Promise<void> {
    try {
      await this.#client.updateMessage(messageId, popReceipt, undefined, 0);
    } catch {
      // Best effort when stopping: the message becomes visible again after its visibility timeout anyway.
    }
  }

  async #moveToPoison(message: DequeuedMessageItem, popReceipt: string): Promise<void> {
    const { maxDequeueCount } = this.#context.options;
    if (!this.#poison) {
      this.#warn(
        `Message '${message.messageId}' has reached MaxDequeueCount of ${maxDequeueCount}; queue '${this.#queueName}' has no poison queue, so it is left invisible.`,
      );
      return;
    }
    this.#warn(
      `Message has reached MaxDequeueCount of ${maxDequeueCount}. Moving message to queue '${this.#poison.name}'.`,
    );
    await this.#poison.createIfNotExists();
    await this.#poison.sendMessage(message.messageText);
    await this.#client.deleteMessage(message.messageId, popReceipt);
  }

  #warn(message: string): void {
    this.#context.log({ level: 'warning', category: 'host', functionName: this.#target.name, message });
  }

  /** Logs a storage error once until polling succeeds again, so an unreachable Azurite does not flood the log. */
  #hostError(activity: string, error: unknown): void {
    const text = `Queue trigger '${this.#target.name}' failed ${activity}: ${(error as Error).message}`;
    if (text === this.#lastError) return;
    this.#lastError = text;
    this.#context.log({ level: 'error', category: 'host', functionName: this.#target.name, message: text });
  }
}

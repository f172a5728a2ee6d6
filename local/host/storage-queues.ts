/**
 * The storage queues the host's triggers and output bindings use: a binding's `connection` names an app
 * setting (default `AzureWebJobsStorage`) holding a connection string; `UseDevelopmentStorage=true` means
 * Azurite's default endpoints, which the storage SDK resolves as the real host does. Also the message text
 * encoding of host.json `extensions.queues.messageEncoding`, and the wake-up a queue trigger gets when the
 * app itself adds a message to its queue.
 */
import { QueueClient } from '@azure/storage-queue';
import { queueNameFrom } from './binding-expressions.js';

export const defaultStorageConnection = 'AzureWebJobsStorage';

export type MessageEncoding = 'base64' | 'none';

export class StorageQueues {
  readonly #env: Readonly<Record<string, string>>;
  readonly #wakers = new Map<string, Set<() => void>>();

  constructor(env: Readonly<Record<string, string>>) {
    this.#env = env;
  }

  /** The connection string a binding's `connection` names; the real host also tries the `AzureWebJobs` prefix. */
  connectionString(connection: unknown): string | undefined {
    const name = typeof connection === 'string' && connection !== '' ? connection : defaultStorageConnection;
    const value = this.#env[name] ?? this.#env[`AzureWebJobs${name}`];
    return value === undefined || value === '' ? undefined : value;
  }

  /** A binding's `queueName` with `%setting%` resolved, lower-cased and checked; throws when invalid. */
  queueName(raw: unknown): string {
    return queueNameFrom(raw, this.#env);
  }

  client(connectionString: string, queueName: string): QueueClient {
    return new QueueClient(connectionString, queueName);
  }

  /** Calls `wake` whenever the app adds a message to that queue through an output binding. */
  onMessageAdded(connectionString: string, queueName: string, wake: () => void): () => void {
    const key = queueKey(connectionString, queueName);
    const wakers = this.#wakers.get(key) ?? new Set();
    this.#wakers.set(key, wakers);
    wakers.add(wake);
    return () => wakers.delete(wake);
  }

  messageAdded(connectionString: string, queueName: string): void {
    for (const wake of this.#wakers.get(queueKey(connectionString, queueName)) ?? []) wake();
  }
}

function queueKey(connectionString: string, queueName: string): string {
  return `${connectionString}\n${queueName}`;
}

export function encodeMessage(body: Buffer, encoding: MessageEncoding): string {
  return encoding === 'base64' ? body.toString('base64') : body.toString('utf8');
}

/** The message's text, or undefined when it is not valid base64 (such messages go to the poison queue). */
export function decodeMessage(messageText: string, encoding: MessageEncoding): string | undefined {
  if (encoding === 'none') return messageText;
  const compact = messageText.replace(/\s+/g, '');
  if (compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) return undefined;
  return Buffer.from(compact, 'base64').toString('utf8');
}

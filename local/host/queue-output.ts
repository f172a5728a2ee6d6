/**
 * Queue output bindings (`output.storageQueue`, binding type `queue`), written after the function succeeded:
 * the `$return` binding takes the returned value, the others the function's `extraOutputs`. A string is one
 * message as it is, an array one message per element, anything else one message of JSON text. The queue is
 * created when missing, as the real binding does.
 */
import type { HostFunction } from './function-index.js';
import type { RpcInvocationResponse, RpcTypedData } from './rpc-types.js';
import { encodeMessage, type MessageEncoding, type StorageQueues } from './storage-queues.js';

export async function writeQueueOutputs(
  target: HostFunction,
  response: RpcInvocationResponse,
  queues: StorageQueues,
  encoding: MessageEncoding,
): Promise<void> {
  for (const [name, binding] of Object.entries(target.bindings)) {
    if (binding.direction !== 'out' || binding.type?.toLowerCase() !== 'queue') continue;
    const data =
      name === '$return'
        ? response.returnValue
        : response.outputData?.find((output) => output.name === name)?.data;
    const messages = data ? toMessages(data) : [];
    if (messages.length === 0) continue;
    const queueName = queues.queueName(binding.queueName);
    const connectionString = queues.connectionString(binding.connection);
    if (!connectionString) {
      throw new Error(`The queue output '${name}' needs the storage connection setting, which is not set.`);
    }
    const client = queues.client(connectionString, queueName);
    await client.createIfNotExists();
    for (const message of messages) await client.sendMessage(encodeMessage(message, encoding));
    queues.messageAdded(connectionString, queueName);
  }
}

/** The message bodies one output value stands for. */
export function toMessages(data: RpcTypedData): Buffer[] {
  if (data.string !== undefined && data.string !== null) return [Buffer.from(data.string)];
  if (data.bytes) return [Buffer.from(data.bytes)];
  if (data.int !== undefined && data.int !== null) return [Buffer.from(String(data.int))];
  if (data.double !== undefined && data.double !== null) return [Buffer.from(String(data.double))];
  if (data.json !== undefined && data.json !== null) {
    const value = JSON.parse(data.json) as unknown;
    const items = Array.isArray(value) ? value : [value];
    return items.map((item) => Buffer.from(typeof item === 'string' ? item : JSON.stringify(item)));
  }
  const collection =
    data.collectionString?.string ??
    data.collectionBytes?.bytes ??
    data.collectionDouble?.double ??
    data.collectionSint64?.sint64;
  return (collection ?? []).map((item: string | Uint8Array | number) =>
    typeof item === 'object' ? Buffer.from(item) : Buffer.from(String(item)),
  );
}

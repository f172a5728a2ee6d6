/**
 * The Durable client of an invocation, built once per worker rather than per invocation. `df.getClient` makes a
 * new client each time (an HTTP client instance, a deep copy and URL validation of the binding's data), which
 * every API request paid even when it rang no doorbell. The binding's data (task hub, management URLs, keys)
 * is the same for every invocation of a host, so a client is reused while that data stays the same.
 */
import type { InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import type { DurableClient } from 'durable-functions';

let reused: { readonly binding: string; readonly client: DurableClient } | undefined;

export function durableClientOf(context: InvocationContext): DurableClient {
  const input = context.options.extraInputs.find(
    (candidate) => candidate.type === 'durableClient' || candidate.type === 'orchestrationClient',
  );
  const binding = JSON.stringify(input ? context.extraInputs.get(input) : null);
  if (reused?.binding !== binding) reused = { binding, client: df.getClient(context) };
  return reused.client;
}

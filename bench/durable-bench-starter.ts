/**
 * The Durable benchmark's client, in a process of its own: it starts the instances it is sent through the
 * Durable HTTP management API (as the `DurableClient` does) at the given rate, then answers with the time it
 * began. Run apart from the host so that the client's own work (its HTTP requests, the pacing timers) does
 * not run in the host's event loop and show up as step latency; it still uses the machine's CPUs.
 */
import type { StarterReply, StarterRequest } from './durable-bench-starter-protocol.js';

async function startAll(request: StarterRequest): Promise<number> {
  const started = Date.now();
  const starts: Promise<void>[] = [];
  for (const [index, id] of request.ids.entries()) {
    const due = started + (request.perSecond > 0 ? (index * 1000) / request.perSecond : 0);
    if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
    starts.push(start(request, id));
  }
  await Promise.all(starts);
  return started;
}

async function start(request: StarterRequest, id: string): Promise<void> {
  const url = `${request.url}/runtime/webhooks/durabletask/orchestrators/${request.orchestrator}/${id}`;
  const response = await fetch(url, { method: 'POST', body: JSON.stringify(request.input) });
  if (response.status !== 202) throw new Error(`Starting ${id} answered ${response.status}`);
  await response.arrayBuffer();
}

function reply(message: StarterReply): void {
  process.send?.(message);
}

process.on('message', (request: StarterRequest) => {
  startAll(request).then(
    (startedMs) => reply({ kind: 'started', startedMs }),
    (error: unknown) => reply({ kind: 'failed', message: (error as Error).message }),
  );
});
process.on('disconnect', () => process.exit(0));

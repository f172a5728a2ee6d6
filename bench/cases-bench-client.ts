/**
 * The cases benchmark's client, in a process of its own: it gets the tokens, deploys the bench model and drives
 * the batches it is sent (bench/cases-bench-run.ts), answering each with its figures. Run apart from the local
 * cloud so that the client's own work (its HTTP requests and JSON, the poll loops, the timing bookkeeping) does
 * not run in the host's event loop and show up as queueing in the hops it measures; it still uses the
 * machine's CPUs, and the benchmark reports its CPU apart.
 */
import type { CasesClientReply, CasesClientRequest } from './cases-bench-client-protocol.js';
import { CasesRun } from './cases-bench-run.js';

let run: CasesRun | undefined;

async function answer(request: CasesClientRequest): Promise<CasesClientReply> {
  if (request.kind === 'prepare') {
    run = await CasesRun.prepare(request.url);
    return { kind: 'prepared' };
  }
  if (!run) throw new Error('The cases benchmark client was asked to drive cases before it was prepared.');
  return { kind: 'driven', figures: await run.drive(request.cases, request.startsPerSecond) };
}

function reply(message: CasesClientReply): void {
  process.send?.(message);
}

process.on('message', (request: CasesClientRequest) => {
  answer(request).then(reply, (error: unknown) =>
    reply({ kind: 'failed', message: (error as Error).message }),
  );
});
process.on('disconnect', () => process.exit(0));

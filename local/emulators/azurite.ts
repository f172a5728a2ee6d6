/**
 * Azurite (Blob, Queue, Table) in a child process. Port 0 lets Azurite pick free ports; readiness and the bound
 * ports both come from the lines Azurite prints once each service is listening, so there is no sleep and no
 * port race.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { idleConnectionSeconds } from '../idle-connections.js';
import { loopbackHost } from './listen.js';

export interface AzuritePorts {
  readonly blob: number;
  readonly queue: number;
  readonly table: number;
}

export const standardAzuritePorts: AzuritePorts = { blob: 10000, queue: 10001, table: 10002 };
const freePorts: AzuritePorts = { blob: 0, queue: 0, table: 0 };

/** Azurite's documented development account (public, the same for every Azurite). */
export const azuriteAccount = {
  name: 'devstoreaccount1',
  key: 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==',
};

export interface RunningAzurite {
  readonly ports: AzuritePorts;
  /** Connection string for every service, as `AzureWebJobsStorage` and the storage SDKs take it. */
  readonly connectionString: string;
  /** Service URLs, account included, as the storage SDK clients take them with a credential. */
  readonly endpoints: { readonly blob: string; readonly queue: string; readonly table: string };
  stop(): Promise<void>;
}

const startTimeoutMs = 60_000;
const listeningLine =
  /^Azurite (Blob|Queue|Table) service is successfully listening at https?:\/\/[^:]+:(\d+)/;

export async function startAzurite(options: {
  dataDir: string;
  ports?: AzuritePorts;
}): Promise<RunningAzurite> {
  const location = path.join(options.dataDir, 'azurite');
  mkdirSync(location, { recursive: true });
  const requested = options.ports ?? freePorts;
  const entry = createRequire(import.meta.url).resolve('azurite/dist/src/azurite.js');
  const child = spawn(
    process.execPath,
    [
      // A larger young generation: Azurite allocates a lot per request, and with V8's default (16 MB) it spent
      // about 11% of its time in scavenges under the Durable benchmark; 64 MB cut its CPU time 7 to 12%
      // (docs/benchmarks.md, Durable), for up to ~100 MB more memory (two semi-spaces) under load.
      '--max-semi-space-size=64',
      entry,
      ['--location', location],
      ['--blobHost', loopbackHost, '--blobPort', String(requested.blob)],
      ['--queueHost', loopbackHost, '--queuePort', String(requested.queue)],
      ['--tableHost', loopbackHost, '--tablePort', String(requested.table)],
      // Idle connections kept long, as by the other local servers (local/idle-connections.ts).
      ['--blobKeepAliveTimeout', '--queueKeepAliveTimeout', '--tableKeepAliveTimeout'].flatMap((flag) => [
        flag,
        String(idleConnectionSeconds),
      ]),
      // Offline machines: Azurite's own telemetry would only log send errors.
      '--disableTelemetry',
      // The SDKs may be newer than the emulator; Azurite would reject their API version.
      '--skipApiVersionCheck',
      // No per-request access log on stdout.
      '--silent',
    ].flat(),
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  // Azurite must not outlive its parent, even one ending on an uncaught error.
  const killOnExit = (): void => void child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.once('exit', () => process.off('exit', killOnExit));
  const ports = await waitUntilListening(child);
  const endpoint = (port: number): string => `http://${loopbackHost}:${port}/${azuriteAccount.name}`;
  const endpoints = {
    blob: endpoint(ports.blob),
    queue: endpoint(ports.queue),
    table: endpoint(ports.table),
  };
  const connectionString = [
    'DefaultEndpointsProtocol=http',
    `AccountName=${azuriteAccount.name}`,
    `AccountKey=${azuriteAccount.key}`,
    `BlobEndpoint=${endpoints.blob}`,
    `QueueEndpoint=${endpoints.queue}`,
    `TableEndpoint=${endpoints.table}`,
  ].join(';');
  return { ports, connectionString, endpoints, stop: () => stopChild(child) };
}

function waitUntilListening(child: ChildProcess): Promise<AzuritePorts> {
  return new Promise((resolve, reject) => {
    const found: Partial<Record<'Blob' | 'Queue' | 'Table', number>> = {};
    // Kept until ready, to explain a failed start; the streams stay drained afterwards.
    let output: string[] | undefined = [];
    const fail = (reason: string): void => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`Azurite did not start: ${reason}\n${(output ?? []).slice(-20).join('\n')}`));
    };
    const timer = setTimeout(() => fail('timed out'), startTimeoutMs);
    const onExit = (code: number | null): void => fail(`exited with code ${code}`);
    child.once('exit', onExit);
    child.stderr?.on('data', (chunk: Buffer) => output?.push(chunk.toString()));
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      if (output === undefined) return;
      output.push(line);
      const match = listeningLine.exec(line);
      if (match === null) return;
      found[match[1] as 'Blob' | 'Queue' | 'Table'] = Number(match[2]);
      if (found.Blob !== undefined && found.Queue !== undefined && found.Table !== undefined) {
        clearTimeout(timer);
        child.off('exit', onExit);
        output = undefined;
        resolve({ blob: found.Blob, queue: found.Queue, table: found.Table });
      }
    });
  });
}

/** SIGTERM lets Azurite close its servers and save its metadata; SIGKILL only if it hangs. */
function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

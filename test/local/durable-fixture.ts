/** Starts the local host with the Durable test app (fixtures/durable-app.ts) against a given Azurite. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HostLogEntry } from '../../local/host/host-log.js';
import { startFunctionsHost, type FunctionsHost } from '../../local/host/start-functions-host.js';

export interface DurableStatus {
  instanceId: string;
  runtimeStatus: string;
  input: unknown;
  output: unknown;
  customStatus: unknown;
}

export interface DurableFixture {
  host: FunctionsHost;
  logs: HostLogEntry[];
  /** Sends one command to the app's DurableClient function; returns the HTTP status and JSON body. */
  client(command: Record<string, unknown>): Promise<{ status: number; body: unknown }>;
  status(instanceId: string): Promise<DurableStatus>;
  /** Polls the status (through the DurableClient) until `test` holds. */
  waitFor(instanceId: string, test: (status: DurableStatus) => boolean): Promise<DurableStatus>;
  stop(): Promise<void>;
}

const fixtureEntry = fileURLToPath(new URL('./fixtures/durable-app.js', import.meta.url));
const pollMs = 50;
const waitLimitMs = 30_000;

/**
 * `appRoot`: a folder for the app's package.json (default: a new temp folder, removed by `stop`);
 * `settings`: more app settings (e.g. CASEFLOW_LOCAL_CRASH_AT).
 */
export async function startDurableFixture(
  connectionString: string,
  appRoot?: string,
  settings: Record<string, string> = {},
): Promise<DurableFixture> {
  const ownRoot = appRoot === undefined;
  appRoot ??= await mkdtemp(path.join(os.tmpdir(), 'caseflow-durable-'));
  await writeFile(path.join(appRoot, 'package.json'), JSON.stringify({ type: 'module', main: fixtureEntry }));
  const logs: HostLogEntry[] = [];
  const host = await startFunctionsHost({
    appRoot,
    port: 0,
    settings: { ...settings, AzureWebJobsStorage: connectionString },
    hostJson: {},
    log: (entry) => void logs.push(entry),
  });
  const client = async (command: Record<string, unknown>) => {
    const response = await fetch(`${host.url}/api/client`, { method: 'POST', body: JSON.stringify(command) });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
  };
  const status = async (id: string) => (await client({ op: 'status', id })).body as DurableStatus;
  return {
    host,
    logs,
    client,
    status,
    async waitFor(id, test) {
      const deadline = Date.now() + waitLimitMs;
      for (;;) {
        const current = await status(id);
        if (test(current)) return current;
        if (Date.now() > deadline)
          throw new Error(`Instance ${id} never matched; last: ${JSON.stringify(current)}`);
        await new Promise((resolve) => setTimeout(resolve, pollMs));
      }
    },
    async stop() {
      await host.stop();
      if (ownRoot) await rm(appRoot, { recursive: true, force: true });
    },
  };
}

export const finished = (status: DurableStatus) =>
  ['Completed', 'Failed', 'Terminated'].includes(status.runtimeStatus);

/** Starts the local host on a free port against the test app in fixtures/, and records what it logs. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HostJson } from '../../local/host/host-config.js';
import type { HostLogEntry } from '../../local/host/host-log.js';
import { startFunctionsHost, type FunctionsHost } from '../../local/host/start-functions-host.js';

export interface FixtureHost {
  host: FunctionsHost;
  logs: HostLogEntry[];
  /** Waits until a log entry satisfies `test`; resolves at once if one already did. */
  waitForLog(test: (entry: HostLogEntry) => boolean): Promise<HostLogEntry>;
  stop(): Promise<void>;
}

export async function startFixtureHost(options: {
  settings?: Record<string, string>;
  hostJson?: HostJson;
  /** The fixture app's compiled file in fixtures/; default the HTTP app. */
  app?: string;
}): Promise<FixtureHost> {
  const fixtureEntry = fileURLToPath(new URL(`./fixtures/${options.app ?? 'http-app.js'}`, import.meta.url));
  // The app root: a package.json whose "main" is the compiled fixture, as a real app's points at its entry.
  const appRoot = await mkdtemp(path.join(os.tmpdir(), 'caseflow-host-'));
  await writeFile(path.join(appRoot, 'package.json'), JSON.stringify({ type: 'module', main: fixtureEntry }));
  const logs: HostLogEntry[] = [];
  const waiters: { test: (entry: HostLogEntry) => boolean; resolve: (entry: HostLogEntry) => void }[] = [];
  const host = await startFunctionsHost({
    appRoot,
    port: 0,
    settings: options.settings ?? {},
    hostJson: options.hostJson ?? {},
    log: (entry) => {
      logs.push(entry);
      for (const waiter of [...waiters]) {
        if (waiter.test(entry)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(entry);
        }
      }
    },
  });
  return {
    host,
    logs,
    waitForLog(test) {
      const found = logs.find(test);
      if (found) return Promise.resolve(found);
      return new Promise((resolve) => waiters.push({ test, resolve }));
    },
    async stop() {
      await host.stop();
      await rm(appRoot, { recursive: true, force: true });
    },
  };
}

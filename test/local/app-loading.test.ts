import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { startFunctionsHost } from '../../local/host/start-functions-host.js';

async function appWithEntry(main: string, source: string): Promise<string> {
  const appRoot = await mkdtemp(path.join(os.tmpdir(), 'caseflow-app-'));
  await writeFile(path.join(appRoot, 'package.json'), JSON.stringify({ type: 'module', main }));
  await writeFile(path.join(appRoot, main), source);
  return appRoot;
}

describe('loading the app entry module', () => {
  it('fails to start, naming the cause, when the entry module throws', async () => {
    const appRoot = await appWithEntry('broken.js', "throw new Error('entry is broken');\n");
    try {
      await assert.rejects(
        startFunctionsHost({ appRoot, port: 0, settings: {}, hostJson: {}, log: () => undefined }),
        /The app could not be loaded: entry is broken/,
      );
    } finally {
      await rm(appRoot, { recursive: true, force: true });
    }
  });

  it('refuses a glob in package.json main, which only the real worker expands', async () => {
    const appRoot = await appWithEntry('index.js', '');
    await writeFile(path.join(appRoot, 'package.json'), JSON.stringify({ main: 'dist/*.js' }));
    try {
      await assert.rejects(
        startFunctionsHost({ appRoot, port: 0, settings: {}, hostJson: {}, log: () => undefined }),
        /is a glob/,
      );
    } finally {
      await rm(appRoot, { recursive: true, force: true });
    }
  });

  it('serves nothing but still starts for an app that registers no functions', async () => {
    const appRoot = await appWithEntry('empty.cjs', 'module.exports = {};\n');
    await writeFile(path.join(appRoot, 'package.json'), JSON.stringify({ main: 'empty.cjs' }));
    const host = await startFunctionsHost({
      appRoot,
      port: 0,
      settings: {},
      hostJson: {},
      log: () => undefined,
    });
    try {
      assert.deepEqual(host.httpRoutes, []);
      assert.equal((await fetch(`${host.url}/api/anything`)).status, 404);
    } finally {
      await host.stop();
      await rm(appRoot, { recursive: true, force: true });
    }
  });
});

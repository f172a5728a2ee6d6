import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parseTimeSpan, toHostConfig } from '../../local/host/host-config.js';
import { appEnvironment, loadLocalSettings } from '../../local/settings.js';

async function withAppRoot(run: (appRoot: string) => Promise<void>): Promise<void> {
  const appRoot = await mkdtemp(path.join(os.tmpdir(), 'caseflow-settings-'));
  try {
    await run(appRoot);
  } finally {
    await rm(appRoot, { recursive: true, force: true });
  }
}

describe('local settings (local.settings.json, as Core Tools reads it)', () => {
  it('creates local.settings.json from the sample when it is missing', () =>
    withAppRoot(async (appRoot) => {
      const sample = { IsEncrypted: false, Values: { A: 'from sample', N: 5 } };
      await writeFile(path.join(appRoot, 'local.settings.sample.json'), JSON.stringify(sample));
      const settings = await loadLocalSettings(appRoot);
      assert.equal(settings.created, true);
      assert.deepEqual(settings.values, { A: 'from sample', N: '5' });
      assert.deepEqual(JSON.parse(await readFile(path.join(appRoot, 'local.settings.json'), 'utf8')), sample);
    }));

  it('keeps an existing local.settings.json', () =>
    withAppRoot(async (appRoot) => {
      await writeFile(
        path.join(appRoot, 'local.settings.sample.json'),
        JSON.stringify({ Values: { A: 'sample' } }),
      );
      await writeFile(path.join(appRoot, 'local.settings.json'), JSON.stringify({ Values: { A: 'mine' } }));
      const settings = await loadLocalSettings(appRoot);
      assert.equal(settings.created, false);
      assert.deepEqual(settings.values, { A: 'mine' });
    }));

  it('has no values when neither file exists', () =>
    withAppRoot(async (appRoot) => {
      assert.deepEqual(await loadLocalSettings(appRoot), { values: {}, created: false });
    }));

  it('lets the real environment win over local settings, and adds what Core Tools sets', () => {
    const environment = appEnvironment(
      { A: 'local', B: 'local' },
      { WEBSITE_HOSTNAME: 'localhost:7071' },
      { A: 'real', PATH: '/bin' },
    );
    assert.deepEqual(environment, {
      AZURE_FUNCTIONS_ENVIRONMENT: 'Development',
      FUNCTIONS_WORKER_RUNTIME: 'node',
      A: 'real',
      B: 'local',
      PATH: '/bin',
      WEBSITE_HOSTNAME: 'localhost:7071',
    });
  });
});

describe('host.json settings the local host honours', () => {
  it('defaults to the api route prefix and a five-minute timeout', () => {
    assert.deepEqual(toHostConfig({}), {
      routePrefix: 'api',
      functionTimeoutMs: 300_000,
      functionTimeoutText: '00:05:00',
    });
  });

  it('reads routePrefix (empty allowed) and parses functionTimeout time spans', () => {
    assert.equal(toHostConfig({ extensions: { http: { routePrefix: '/v1/' } } }).routePrefix, 'v1');
    assert.equal(toHostConfig({ extensions: { http: { routePrefix: '' } } }).routePrefix, '');
    assert.equal(parseTimeSpan('00:00:01.5'), 1500);
    assert.equal(parseTimeSpan('1.02:00:00'), 26 * 3600 * 1000);
    assert.equal(parseTimeSpan('-1'), undefined);
    assert.throws(() => parseTimeSpan('5 minutes'), /time span/);
  });
});

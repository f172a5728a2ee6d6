import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { healthReport, type DependencyProbe } from '../../shared/health/health-report.js';
import { version } from '../../shared/version.js';
import { repositoryRoot } from '../support/paths.js';

const up = async () => undefined;
const clock = () => 0;

describe('the health report', () => {
  it('is ok when every required dependency is up, whatever the optional ones say', async () => {
    const report = await healthReport(
      [
        { name: 'cosmosDb', required: true, check: up },
        { name: 'aiServices', required: false, check: undefined },
        { name: 'extra', required: false, check: () => Promise.reject(new Error('down')) },
      ],
      1000,
      clock,
    );
    assert.equal(report.status, 'ok');
    assert.deepEqual(
      report.dependencies.map((dependency) => [dependency.name, dependency.status]),
      [
        ['cosmosDb', 'up'],
        ['aiServices', 'not-configured'],
        ['extra', 'down'],
      ],
    );
    assert.equal(report.dependencies[0]?.latencyMs, 0);
  });

  it('is unavailable when a required dependency is down or not configured', async () => {
    for (const probe of [
      { name: 'keyVault', required: true, check: undefined },
      { name: 'keyVault', required: true, check: () => Promise.reject(new Error('refused')) },
    ] satisfies DependencyProbe[]) {
      assert.equal((await healthReport([probe], 1000, clock)).status, 'unavailable');
    }
  });

  it('reports a hanging probe as a timeout and an SDK error by its status, never by its message', async () => {
    const secret = 'AccountKey=c2VjcmV0';
    const report = await healthReport(
      [
        { name: 'slow', required: true, check: () => new Promise(() => undefined) },
        {
          name: 'vault',
          required: true,
          check: () => Promise.reject(Object.assign(new Error(`forbidden ${secret}`), { statusCode: 403 })),
        },
      ],
      20,
      clock,
    );
    assert.deepEqual(
      report.dependencies.map(({ name, status, reason, httpStatus }) => ({
        name,
        status,
        reason,
        httpStatus,
      })),
      [
        { name: 'slow', status: 'down', reason: 'timeout', httpStatus: undefined },
        { name: 'vault', status: 'down', reason: 'error', httpStatus: 403 },
      ],
    );
    assert.doesNotMatch(JSON.stringify(report), /AccountKey|forbidden/);
  });

  it('reports the version that package.json declares', () => {
    const manifest = JSON.parse(readFileSync(path.join(repositoryRoot, 'package.json'), 'utf8')) as {
      version: string;
    };
    assert.equal(version, manifest.version);
  });
});

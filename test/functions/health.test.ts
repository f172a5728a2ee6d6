import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { health } from '../../functions/http/health.js';
import { version } from '../../shared/version.js';
import { repositoryRoot } from '../support/paths.js';

describe('GET /api/health', () => {
  it('answers 200 with the running version', async () => {
    const response = await health();
    assert.equal(response.status, 200);
    assert.deepEqual(response.jsonBody, { status: 'ok', version });
  });

  it('reports the version that package.json declares', () => {
    const manifest = JSON.parse(readFileSync(path.join(repositoryRoot, 'package.json'), 'utf8')) as {
      version: string;
    };
    assert.equal(version, manifest.version);
  });
});

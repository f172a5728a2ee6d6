import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { diagnosticCodes } from '../../shared/bpmn/index.js';
import { repositoryRoot } from '../support/paths.js';

describe('docs/diagnostics.md', () => {
  it('documents every diagnostic code with its level and default severity, and no other', () => {
    const text = readFileSync(path.join(repositoryRoot, 'docs', 'diagnostics.md'), 'utf8');
    const documented = [...text.matchAll(/^\| `([a-z]+\.[a-z0-9-]+)`\s*\| (\w+)\s*\| (\w+)\s*\|/gm)].map(
      (row) => [row[1], row[2], row[3]],
    );
    const declared = Object.entries(diagnosticCodes).map(([code, declaration]) => [
      code,
      declaration.level,
      declaration.severity,
    ]);
    assert.deepEqual(documented.sort(), declared.sort());
  });
});

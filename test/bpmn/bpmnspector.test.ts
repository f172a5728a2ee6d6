/**
 * Scores the importer's spec-level diagnostics against BPMNspector's expectations: a model BPMNspector
 * marks invalid must get at least one spec-level (or xml-level) error, a valid one none. Caseflow-level
 * codes (e.g. no executable process) do not count. Every remaining disagreement must be on the reviewed
 * allow-list in docs/bpmnspector-allowlist.json, with the reason; see docs/bpmnspector-agreement.md.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { importModel } from '../../shared/bpmn/index.js';
import { isSpecLevel } from '../../shared/bpmn/diagnostics.js';
import { corpusPath, repositoryRoot } from '../support/paths.js';

interface ExpectationCase {
  readonly constraint: string;
  readonly file: string;
  readonly expected: 'valid' | 'invalid';
  readonly fileExists: boolean;
}

interface AllowedDisagreement {
  readonly constraint: string;
  readonly file: string;
  readonly expected: 'valid' | 'invalid';
  readonly why: string;
}

const expectations = JSON.parse(readFileSync(corpusPath('bpmnspector', 'expectations.json'), 'utf8')) as {
  cases: ExpectationCase[];
};
const allowList = (
  JSON.parse(readFileSync(path.join(repositoryRoot, 'docs', 'bpmnspector-allowlist.json'), 'utf8')) as {
    disagreements: AllowedDisagreement[];
  }
).disagreements;

function key(entry: { file: string; expected: string }): string {
  return `${entry.file} (expected ${entry.expected})`;
}

async function verdict(file: string): Promise<'valid' | 'invalid'> {
  const result = await importModel(readFileSync(corpusPath('bpmnspector', file)));
  const specErrors = result.diagnostics.filter(
    (diagnostic) => diagnostic.severity === 'error' && isSpecLevel(diagnostic),
  );
  return specErrors.length > 0 ? 'invalid' : 'valid';
}

describe('BPMNspector expectations', () => {
  it('agrees with every case except the reviewed disagreements on the allow-list', async () => {
    const allowed = new Set(allowList.map(key));
    const cases = expectations.cases.filter((entry) => entry.fileExists);
    assert.ok(cases.length > 400, 'the corpus expectations are incomplete');
    const unlisted: string[] = [];
    const stale: string[] = [];
    for (const entry of cases) {
      const agrees = (await verdict(entry.file)) === entry.expected;
      if (!agrees && !allowed.has(key(entry))) unlisted.push(`${entry.constraint} ${key(entry)}`);
      if (agrees && allowed.has(key(entry))) stale.push(`${entry.constraint} ${key(entry)}`);
    }
    assert.deepEqual(unlisted, [], 'disagreements with BPMNspector that are not on the allow-list');
    // An allow-listed case that has come to agree must leave the list, so the list stays honest.
    assert.deepEqual(stale, [], 'allow-listed cases that now agree with BPMNspector');
  });

  it('lists only real cases on the allow-list, each with a reason', () => {
    const known = new Set(expectations.cases.map(key));
    for (const entry of allowList) {
      assert.ok(known.has(key(entry)), `${key(entry)} is not a BPMNspector case`);
      assert.ok(entry.why.length > 20, `${key(entry)} needs a reviewed reason`);
    }
  });
});

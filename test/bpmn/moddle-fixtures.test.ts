import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { diagnosticCodes } from '../../shared/bpmn/diagnostic-codes.js';
import { importModel, type ImportResult } from '../../shared/bpmn/index.js';
import { filesUnder } from '../support/corpus-files.js';
import { corpusPath } from '../support/paths.js';

const fixtures = corpusPath('bpmn-moddle', 'fixtures', 'bpmn');

async function importFile(file: string): Promise<ImportResult> {
  return importModel(readFileSync(file));
}

function codes(result: ImportResult): string[] {
  return [...new Set(result.diagnostics.map((diagnostic) => diagnostic.code))].sort();
}

describe('bpmn-moddle parser fixtures', () => {
  const all = filesUnder(fixtures, (name) => /\.(bpmn|txt)$/.test(name));
  const errorFixtures = all.filter((file) => file.includes(`${path.sep}error${path.sep}`));
  const fragments = all.filter((file) => file.endsWith('.part.bpmn'));
  const documents = all.filter((file) => !errorFixtures.includes(file) && !fragments.includes(file));

  it('finds the error fixtures, the fragments and the whole documents', () => {
    assert.equal(errorFixtures.length, 11);
    assert.ok(fragments.length >= 30, `${fragments.length} fragments`);
    assert.ok(documents.length >= 40, `${documents.length} documents`);
  });

  const expectedForErrorFixture: Record<string, string> = {
    'bad-encoding.bpmn': 'xml.encoding-converted',
    'categoryValue.bpmn': 'xml.unreadable-content',
    'duplicate-ids.bpmn': 'spec.duplicate-id',
    'extension-definition-missing.bpmn': 'spec.unresolved-reference',
    'invalid-attributes.bpmn': 'xml.not-well-formed',
    'no-xml.txt': 'xml.not-well-formed',
    'not-bpmn.bpmn': 'xml.not-bpmn',
    'undeclared-ns-child.bpmn': 'xml.unreadable-content',
    'unrecognized-child.bpmn': 'xml.unreadable-content',
    'xmlns-redeclaration.bpmn': 'xml.not-well-formed',
  };

  it('turns every broken input in error/ into diagnostics naming the problem', async () => {
    for (const file of errorFixtures) {
      const name = path.basename(file);
      const result = await importFile(file);
      assert.equal(result.valid, false, name);
      const expected = expectedForErrorFixture[name];
      if (expected !== undefined)
        assert.ok(codes(result).includes(expected), `${name}: ${codes(result).join()}`);
    }
  });

  it('reads the windows-1252 fixture correctly instead of garbling it', async () => {
    const result = await importFile(path.join(fixtures, 'error', 'bad-encoding.bpmn'));
    assert.equal(
      result.diagnostics.some((diagnostic) => diagnostic.code === 'xml.bad-encoding'),
      false,
    );
  });

  it('rejects every .part.bpmn fragment as not a BPMN document', async () => {
    for (const file of fragments) {
      const result = await importFile(file);
      assert.deepEqual(codes(result), ['xml.not-bpmn'], path.relative(fixtures, file));
    }
  });

  it('imports every whole document without throwing, reporting only declared codes', async () => {
    for (const file of documents) {
      const result = await importFile(file);
      for (const diagnostic of result.diagnostics) {
        assert.ok(diagnostic.code in diagnosticCodes, `${path.relative(fixtures, file)}: ${diagnostic.code}`);
      }
      assert.equal(
        result.diagnostics.some((diagnostic) => diagnostic.code === 'xml.not-bpmn'),
        false,
        path.relative(fixtures, file),
      );
    }
  });
});

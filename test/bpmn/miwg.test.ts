import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { importModel } from '../../shared/bpmn/index.js';
import { filesUnder } from '../support/corpus-files.js';
import { corpusPath } from '../support/paths.js';

/** Codes meaning the document could not be read as BPMN at all. */
const unreadable = new Set([
  'xml.unreadable-file',
  'xml.too-large',
  'xml.bad-encoding',
  'xml.doctype-forbidden',
  'xml.not-well-formed',
  'xml.too-deep',
  'xml.too-many-elements',
  'xml.too-many-attributes',
  'xml.too-many-problems',
  'xml.not-bpmn',
]);

describe('the OMG BPMN MIWG test suite', () => {
  const root = corpusPath('bpmn-miwg');
  const models = filesUnder(root, (name) => name.endsWith('.bpmn'));

  it('holds the reference models and the vendor exports', () => {
    assert.equal(models.filter((file) => file.includes(`${path.sep}Reference${path.sep}`)).length, 21);
    assert.ok(models.length > 100, `${models.length} models`);
  });

  it('imports every model, reference and vendor export, as readable BPMN without an unhandled error', async () => {
    for (const file of models) {
      const result = await importModel(readFileSync(file));
      const fatal = result.diagnostics.filter((diagnostic) => unreadable.has(diagnostic.code));
      assert.deepEqual(fatal, [], path.relative(root, file));
    }
  });

  it('finds no soundness problem in the reference models', async () => {
    for (const file of models.filter((model) => model.includes(`${path.sep}Reference${path.sep}`))) {
      const result = await importModel(readFileSync(file));
      const findings = result.diagnostics.filter((diagnostic) => diagnostic.code.startsWith('soundness.'));
      assert.deepEqual(findings, [], path.relative(root, file));
    }
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { importModel } from '../../shared/bpmn/index.js';
import { definitions, straightThrough } from '../support/models.js';

describe('importModel', () => {
  it('compiles a valid executable process into one graph with no diagnostics', async () => {
    const result = await importModel(straightThrough);
    assert.equal(result.valid, true);
    assert.deepEqual(result.diagnostics, []);
    assert.equal(result.graphs.length, 1);
    assert.deepEqual(result.graphs[0]?.children, ['start', 'task', 'end']);
  });

  it('gives the same graph and hash for the same model every time', async () => {
    const first = await importModel(straightThrough);
    const second = await importModel(Buffer.from(straightThrough));
    assert.deepEqual(first.graphs, second.graphs);
    assert.match(first.graphs[0]?.hash ?? '', /^[0-9a-f]{64}$/);
  });

  it('reports a model without an executable process as a Caseflow-level error', async () => {
    const result = await importModel(definitions('<bpmn:process id="p" isExecutable="false" />'));
    assert.equal(result.valid, false);
    assert.deepEqual(
      result.diagnostics.map((diagnostic) => diagnostic.code),
      ['caseflow.no-executable-process'],
    );
    assert.deepEqual(result.graphs, []);
  });

  it('reports text that is not XML as a diagnostic with a position', async () => {
    const result = await importModel('this is no xml');
    assert.equal(result.valid, false);
    assert.equal(result.diagnostics[0]?.code, 'xml.not-well-formed');
    assert.equal(result.diagnostics[0]?.line, 1);
  });

  it('refuses a document with a DTD before parsing it, so no entity is ever expanded', async () => {
    const xml = `<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>${straightThrough.replace(/^<\?xml[^>]*>/, '')}`;
    const result = await importModel(xml);
    assert.deepEqual(
      result.diagnostics.map((diagnostic) => diagnostic.code),
      ['xml.doctype-forbidden'],
    );
  });

  it('refuses a document over the size limit with a clear error', async () => {
    const result = await importModel(straightThrough, { limits: { maxBytes: 100 } });
    assert.equal(result.diagnostics[0]?.code, 'xml.too-large');
    assert.match(result.diagnostics[0]?.message ?? '', /limit is 100/);
  });

  it('refuses nesting deeper than the limit', async () => {
    const deep = `${'<a>'.repeat(50)}${'</a>'.repeat(50)}`;
    const result = await importModel(definitions(`<bpmn:documentation>${deep}</bpmn:documentation>`), {
      limits: { maxDepth: 20 },
    });
    assert.equal(result.diagnostics[0]?.code, 'xml.too-deep');
  });

  it('decodes a windows-1252 document and says so', async () => {
    const xml = straightThrough
      .replace('encoding="UTF-8"', 'encoding="windows-1252"')
      .replace('id="task"', 'id="task" name="Caf\u00e9"');
    const result = await importModel(Buffer.from(xml, 'latin1'));
    assert.equal(result.valid, true);
    assert.deepEqual(
      result.diagnostics.map((diagnostic) => diagnostic.code),
      ['xml.encoding-converted'],
    );
    assert.equal(result.graphs[0]?.nodes['task']?.name, 'Caf\u00e9');
  });

  it('reports bytes that are invalid in the declared encoding', async () => {
    const bytes = Buffer.concat([
      Buffer.from(straightThrough.slice(0, 60)),
      Buffer.from([0xff, 0xfe, 0xfd]),
      Buffer.from(straightThrough.slice(60)),
    ]);
    const result = await importModel(bytes);
    assert.equal(result.diagnostics[0]?.code, 'xml.bad-encoding');
  });
});

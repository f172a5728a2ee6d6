import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { importModel } from '../../shared/bpmn/index.js';
import { definitions, executableProcess, straightThrough } from '../support/models.js';

function codes(result: { diagnostics: readonly { code: string }[] }): string[] {
  return result.diagnostics.map((diagnostic) => diagnostic.code);
}

const withoutDeclaration = straightThrough.replace(/^<\?xml[^>]*>\s*/, '');

describe('hostile input', () => {
  it('refuses a billion-laughs document at its DTD, before any entity exists', async () => {
    const laughs = Array.from(
      { length: 9 },
      (_, level) => `<!ENTITY lol${level + 1} "${`&lol${level};`.repeat(10)}">`,
    ).join('');
    const xml = `<?xml version="1.0"?><!DOCTYPE d [<!ENTITY lol0 "lol">${laughs}]>${withoutDeclaration.replace('id="task"', 'id="task" name="&lol9;"')}`;
    const result = await importModel(xml);
    assert.deepEqual(codes(result), ['xml.doctype-forbidden']);
  });

  it('refuses an external entity hidden after a comment', async () => {
    const xml = `<!-- harmless --><!DOCTYPE d SYSTEM "http://example.invalid/x.dtd">${withoutDeclaration}`;
    assert.deepEqual(codes(await importModel(xml)), ['xml.doctype-forbidden']);
  });

  it('leaves undeclared entity references as unreadable text, never expanding them', async () => {
    const result = await importModel(straightThrough.replace('id="task"', 'id="task" name="a &xxe; b"'));
    assert.equal(result.graphs[0]?.nodes['task']?.name?.includes('xxe'), true);
  });

  it('reads a huge attribute value without trouble', async () => {
    const name = 'x'.repeat(2_000_000);
    const result = await importModel(straightThrough.replace('id="task"', `id="task" name="${name}"`));
    assert.equal(result.valid, true);
    assert.equal(result.graphs[0]?.nodes['task']?.name?.length, name.length);
  });

  it('refuses millions of tiny elements with a clear error instead of exhausting memory', async () => {
    const xml = executableProcess(
      `<bpmn:task id="t"><bpmn:extensionElements>${'<a/>'.repeat(1_000_000)}</bpmn:extensionElements></bpmn:task>`,
    );
    const result = await importModel(xml);
    assert.deepEqual(codes(result), ['xml.too-many-elements']);
    assert.match(result.diagnostics[0]?.message ?? '', /100000 elements/);
  });

  it('refuses a tag whose quotes never close once it amounts to too many attributes', async () => {
    const xml = executableProcess(`<bpmn:task id="t" name="${' id="'.repeat(1_200_000)}`);
    assert.deepEqual(codes(await importModel(xml)), ['xml.too-many-attributes']);
  });

  it('stops reading after the problem limit, so a document full of broken markup cannot run for hours', async () => {
    // Every duplicated attribute is a parser problem, and saxen rescans the document to locate each one.
    const xml = executableProcess(`<bpmn:task id="t" name="${' id="'.repeat(20_000)}`);
    const result = await importModel(xml, { limits: { maxProblems: 10 } });
    const found = codes(result);
    assert.equal(found.filter((code) => code === 'xml.too-many-problems').length, 1);
    assert.equal(found.filter((code) => code === 'xml.not-well-formed').length, 10);
  });

  it('keeps diagnostic messages short when the offending text is huge', async () => {
    const xml = executableProcess(`<bpmn:startEvent id="start" />${'stray text '.repeat(200_000)}`);
    const result = await importModel(xml);
    assert.equal(result.valid, false);
    for (const diagnostic of result.diagnostics) assert.ok(diagnostic.message.length < 400, diagnostic.code);
  });

  it('accepts nesting up to the depth limit and refuses one level more', async () => {
    const nested = (levels: number) =>
      definitions(`<bpmn:documentation>${'<a>'.repeat(levels)}${'</a>'.repeat(levels)}</bpmn:documentation>`);
    const limit = { limits: { maxDepth: 40 } };
    // definitions + documentation take two levels.
    assert.equal(codes(await importModel(nested(38), limit)).includes('xml.too-deep'), false);
    assert.deepEqual(codes(await importModel(nested(39), limit)), ['xml.too-deep']);
  });

  it('does not let stray closing tags buy extra nesting depth', async () => {
    const xml = `${'</a>'.repeat(100)}${'<a>'.repeat(30)}`;
    assert.deepEqual(codes(await importModel(xml, { limits: { maxDepth: 20 } })), ['xml.too-deep']);
  });

  it('imports nested sub-processes at the default depth limit without exhausting the stack', async () => {
    const levels = 120;
    const opening = Array.from({ length: levels }, (_, level) => `<bpmn:subProcess id="s${level}">`).join('');
    const result = await importModel(
      executableProcess(`<bpmn:startEvent id="start" />${opening}${'</bpmn:subProcess>'.repeat(levels)}`),
    );
    assert.equal(codes(result).includes('xml.too-deep'), false);
  });

  it('reads UTF-16 with a byte order mark', async () => {
    const result = await importModel(Buffer.from(`\uFEFF${straightThrough}`, 'utf16le'));
    assert.equal(result.valid, true);
    assert.deepEqual(codes(result), ['xml.encoding-converted']);
  });

  it('reads UTF-16 without a byte order mark, little and big endian', async () => {
    const xml = straightThrough.replace('encoding="UTF-8"', 'encoding="UTF-16"');
    const little = Buffer.from(xml, 'utf16le');
    const big = Buffer.from(little).swap16();
    for (const bytes of [little, big]) {
      const result = await importModel(bytes);
      assert.equal(result.valid, true);
      assert.deepEqual(codes(result), ['xml.encoding-converted']);
    }
  });

  it('reads a single-byte document that wrongly declares UTF-16 as UTF-8', async () => {
    const result = await importModel(
      Buffer.from(straightThrough.replace('encoding="UTF-8"', 'encoding="UTF-16"')),
    );
    assert.equal(result.valid, true);
    assert.deepEqual(codes(result), []);
  });

  it('skips a UTF-8 byte order mark, in bytes and in text', async () => {
    assert.equal((await importModel(Buffer.from(`\uFEFF${straightThrough}`))).valid, true);
    assert.equal((await importModel(`\uFEFF${straightThrough}`)).valid, true);
  });

  it('reports an unsupported declared encoding', async () => {
    const xml = straightThrough.replace('encoding="UTF-8"', 'encoding="x-klingon"');
    assert.deepEqual(codes(await importModel(Buffer.from(xml))), ['xml.bad-encoding']);
  });

  it('reports a truncated document as not well-formed', async () => {
    for (const length of [10, 100, straightThrough.length / 2, straightThrough.length - 5]) {
      const result = await importModel(straightThrough.slice(0, length));
      assert.equal(result.valid, false, `truncated at ${length}`);
      assert.equal(
        codes(result).some((code) => code.startsWith('xml.')),
        true,
        `truncated at ${length}`,
      );
    }
  });

  it('reports empty and binary input', async () => {
    for (const input of ['', '   ', Buffer.from([0, 1, 2, 3, 255]), Buffer.alloc(0)]) {
      const result = await importModel(input);
      assert.equal(result.valid, false);
      assert.equal(
        codes(result).some((code) => code.startsWith('xml.')),
        true,
      );
    }
  });

  it('reports a well-formed document with the wrong root', async () => {
    assert.deepEqual(codes(await importModel('<html><body/></html>')), ['xml.not-bpmn']);
  });
});

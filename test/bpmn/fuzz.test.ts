import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { diagnosticCodes } from '../../shared/bpmn/diagnostic-codes.js';
import { importModel } from '../../shared/bpmn/index.js';
import { corpusPath } from '../support/paths.js';
import { seededRandom } from '../support/seeded-random.js';

type Random = () => number;

function pick(random: Random, below: number): number {
  return Math.floor(random() * below);
}

/** A random tag `<...>` in the text, as [start, end). */
function randomTag(text: string, random: Random): [number, number] | undefined {
  const from = pick(random, text.length);
  const start = text.indexOf('<', from);
  const end = start === -1 ? -1 : text.indexOf('>', start);
  return start === -1 || end === -1 ? undefined : [start, end + 1];
}

const noise = [
  '<',
  '>',
  '&',
  '"',
  "'",
  ']]>',
  '<!--',
  '<![CDATA[',
  '<!DOCTYPE x>',
  '\u0000',
  '\uFFFF',
  '&#0;',
  '</',
];

const mutations: Record<string, (bytes: Buffer, random: Random) => Buffer> = {
  flipBytes(bytes, random) {
    const copy = Buffer.from(bytes);
    for (let count = 1 + pick(random, 8); count > 0; count -= 1)
      copy[pick(random, copy.length)] = pick(random, 256);
    return copy;
  },
  truncate(bytes, random) {
    return bytes.subarray(0, pick(random, bytes.length));
  },
  duplicateTag(bytes, random) {
    const text = bytes.toString('utf8');
    const tag = randomTag(text, random);
    if (!tag) return bytes;
    const copies = text.slice(...tag).repeat(1 + pick(random, 200));
    return Buffer.from(text.slice(0, tag[1]) + copies + text.slice(tag[1]));
  },
  blowUpAttribute(bytes, random) {
    const text = bytes.toString('utf8');
    const quote = text.indexOf('="', pick(random, text.length));
    if (quote === -1) return bytes;
    const filler = random() < 0.5 ? 'x'.repeat(200_000) : ' a="1"'.repeat(5_000);
    return Buffer.from(`${text.slice(0, quote + 2)}${filler}${text.slice(quote + 2)}`);
  },
  deleteClosingTag(bytes, random) {
    const text = bytes.toString('utf8');
    const start = text.indexOf('</', pick(random, text.length));
    const end = start === -1 ? -1 : text.indexOf('>', start);
    return start === -1 || end === -1 ? bytes : Buffer.from(text.slice(0, start) + text.slice(end + 1));
  },
  nestDeeply(bytes, random) {
    const text = bytes.toString('utf8');
    const tag = randomTag(text, random);
    if (!tag) return bytes;
    const depth = 1 + pick(random, 400);
    const name = random() < 0.5 ? 'bpmn:subProcess' : 'x';
    return Buffer.from(
      text.slice(0, tag[1]) + `<${name}>`.repeat(depth) + `</${name}>`.repeat(depth) + text.slice(tag[1]),
    );
  },
  insertNoise(bytes, random) {
    const text = bytes.toString('utf8');
    const at = pick(random, text.length);
    return Buffer.from(text.slice(0, at) + (noise[pick(random, noise.length)] ?? '') + text.slice(at));
  },
  swapIds(bytes, random) {
    const text = bytes.toString('utf8');
    const ids = [...text.matchAll(/\bid="([^"]+)"/g)].map((match) => match[1] ?? '');
    if (ids.length < 2) return bytes;
    const from = ids[pick(random, ids.length)] ?? '';
    const to = ids[pick(random, ids.length)] ?? '';
    return Buffer.from(text.replaceAll(`"${from}"`, `"${to}"`));
  },
};

const seedModels = [
  ['bpmn-miwg', 'Reference', 'A.1.0.bpmn'],
  ['bpmn-miwg', 'Reference', 'B.2.0.bpmn'],
  ['bpmn-miwg', 'Reference', 'C.3.0.bpmn'],
  ['bpmn-moddle', 'fixtures', 'bpmn', 'complex.bpmn'],
  ['bpmnspector', 'mojo', 'invalid_multipleParallelXorMixed.bpmn'],
  ['bpmn-miwg', 'SAP Signavio Process Manager 19.9.0', 'C.4.0-export.1.bpmn'],
];

/** Generous on purpose: this catches a runaway import, it does not measure speed. */
const runawayMilliseconds = 10_000;
const heapCeilingBytes = 1024 * 1024 * 1024;
const casesPerModel = 60;

describe('fuzzing the importer with mutated corpus models', () => {
  it(`resolves with diagnostics for ${casesPerModel * seedModels.length} seeded mutations, never throwing or running away`, async () => {
    const random = seededRandom(20261127);
    const names = Object.keys(mutations);
    let invalid = 0;
    let largestHeap = 0;
    for (const parts of seedModels) {
      const original = readFileSync(corpusPath(...parts));
      for (let index = 0; index < casesPerModel; index += 1) {
        const mutation = names[pick(random, names.length)] ?? 'truncate';
        let mutated = mutations[mutation]?.(original, random) ?? original;
        if (random() < 0.3)
          mutated = mutations[names[pick(random, names.length)] ?? 'truncate']?.(mutated, random) ?? mutated;
        const label = `${parts.join('/')} #${index} (${mutation})`;
        const started = process.hrtime.bigint();
        const result = await importModel(mutated);
        const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
        assert.ok(elapsed < runawayMilliseconds, `${label} took ${elapsed} ms`);
        assert.equal(typeof result.valid, 'boolean', label);
        for (const diagnostic of result.diagnostics) assert.ok(diagnostic.code in diagnosticCodes, label);
        assert.equal(
          result.valid,
          !result.diagnostics.some((diagnostic) => diagnostic.severity === 'error'),
          label,
        );
        if (!result.valid) invalid += 1;
        largestHeap = Math.max(largestHeap, process.memoryUsage().heapUsed);
      }
    }
    assert.ok(largestHeap < heapCeilingBytes, `heap reached ${largestHeap} bytes`);
    // The mutations must actually break models, or this test proves nothing.
    assert.ok(invalid > casesPerModel, `${invalid} invalid results`);
  });
});

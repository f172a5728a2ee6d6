import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { CaseflowError } from '../../shared/errors/caseflow-error.js';
import {
  mediaType,
  multipartFile,
  parseJsonBody,
  readLimitedBody,
  requireMediaType,
  stringFields,
} from '../../shared/http/body.js';
import { problemFor } from '../../shared/http/problem.js';

const hasCode = (code: string) => (error: unknown) => error instanceof CaseflowError && error.code === code;
const chunks = (...parts: string[]) => Readable.from(parts.map((part) => Buffer.from(part)));

describe('problem+json responses', () => {
  it('maps known codes to their status and keeps the details', () => {
    const problem = problemFor(new CaseflowError('models.invalid-model', 'bad', { diagnostics: [1] }));
    assert.equal(problem.status, 422);
    assert.deepEqual(problem.body, {
      type: 'about:blank',
      title: 'Unprocessable Content',
      status: 422,
      code: 'models.invalid-model',
      detail: 'bad',
      diagnostics: [1],
    });
    assert.equal(problemFor(new CaseflowError('storage.etag-mismatch', 'raced')).status, 409);
    assert.equal(problemFor(new CaseflowError('http.body-too-large', 'big')).status, 413);
  });

  it('turns unknown codes and foreign errors into an opaque 500 without message or stack', () => {
    for (const thrown of [
      new Error('secret detail'),
      new CaseflowError('config.missing-setting', 'secret detail'),
      'x',
    ]) {
      const problem = problemFor(thrown);
      assert.equal(problem.status, 500);
      assert.equal(problem.body.code, 'internal.error');
      assert.doesNotMatch(JSON.stringify(problem.body), /secret detail|stack|at /);
    }
  });

  it('cannot be overridden by error details', () => {
    const problem = problemFor(new CaseflowError('http.not-found', 'gone', { status: 200, code: 'ok' }));
    assert.equal(problem.body.status, 404);
    assert.equal(problem.body.code, 'http.not-found');
  });
});

describe('request bodies', () => {
  it('reads a body within the limit and refuses a larger one, declared or streamed', async () => {
    assert.equal(Buffer.from(await readLimitedBody(chunks('ab', 'cd'), '4', 4)).toString(), 'abcd');
    await assert.rejects(readLimitedBody(chunks('ab', 'cde'), null, 4), hasCode('http.body-too-large'));
    await assert.rejects(readLimitedBody(chunks(), '5', 4), hasCode('http.body-too-large'));
    assert.equal((await readLimitedBody(null, null, 4)).byteLength, 0);
  });

  it('parses JSON and reports malformed JSON as http.invalid-json', () => {
    assert.deepEqual(parseJsonBody(Buffer.from('{"a":1}')), { a: 1 });
    assert.throws(() => parseJsonBody(Buffer.from('{"a":')), hasCode('http.invalid-json'));
  });

  it('takes string fields from a JSON object and reports every missing or mistyped one', () => {
    assert.deepEqual(stringFields({ a: 'x', b: 'y', c: 1 }, ['a', 'b']), { a: 'x', b: 'y' });
    assert.throws(
      () => stringFields({ a: 1 }, ['a', 'b']),
      (error: unknown) =>
        error instanceof CaseflowError &&
        error.code === 'http.validation-failed' &&
        JSON.stringify(error.details.errors) ===
          JSON.stringify([
            { field: 'a', message: 'must be a string' },
            { field: 'b', message: 'must be a string' },
          ]),
    );
    assert.throws(() => stringFields(['a'], ['a']), hasCode('http.validation-failed'));
  });

  it('matches media types without parameters or case, and refuses others with 415', () => {
    assert.equal(mediaType('Text/XML; charset=utf-8'), 'text/xml');
    assert.doesNotThrow(() => requireMediaType('text/xml; charset=utf-8', ['text/xml']));
    assert.throws(() => requireMediaType(undefined, ['text/xml']), hasCode('http.unsupported-media-type'));
    assert.throws(
      () => requireMediaType('application/json', ['text/xml']),
      hasCode('http.unsupported-media-type'),
    );
  });

  it('takes a named file part out of a multipart/form-data body', async () => {
    const form = new FormData();
    form.set('file', new Blob(['<xml/>']), 'model.bpmn');
    form.set('text', 'plain');
    const request = new Request('http://localhost/', { method: 'POST', body: form });
    const contentType = request.headers.get('content-type') ?? '';
    const bytes = new Uint8Array(await request.arrayBuffer());
    assert.equal(Buffer.from(await multipartFile(bytes, contentType, 'file')).toString(), '<xml/>');
    await assert.rejects(multipartFile(bytes, contentType, 'text'), hasCode('http.validation-failed'));
    await assert.rejects(multipartFile(bytes, contentType, 'absent'), hasCode('http.validation-failed'));
    await assert.rejects(
      multipartFile(Buffer.from('garbage'), 'multipart/form-data; boundary=x', 'file'),
      hasCode('http.validation-failed'),
    );
  });
});

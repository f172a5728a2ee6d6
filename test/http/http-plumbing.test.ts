import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { ErrorResponse, TimeoutError } from '@azure/cosmos';
import { RestError } from '@azure/storage-blob';
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

  it('answers a transient storage failure with 503 storage.unavailable and Retry-After', () => {
    const socketError = (code: string, message = code) => Object.assign(new Error(message), { code });
    const cosmosError = (status: number) => Object.assign(new ErrorResponse('busy'), { code: status });
    const transient: [string, unknown][] = [
      ['connection reset', socketError('ECONNRESET')],
      ['connection refused', socketError('ECONNREFUSED')],
      ['socket hang up', new Error('socket hang up')],
      [
        'fetch failed over a reset socket',
        new TypeError('fetch failed', { cause: socketError('ECONNRESET') }),
      ],
      ['Cosmos 408', cosmosError(408)],
      ['Cosmos 429', cosmosError(429)],
      ['Cosmos 449', cosmosError(449)],
      ['Cosmos 503', cosmosError(503)],
      ['Cosmos client timeout', new TimeoutError('timed out')],
      ['Blob 500', new RestError('internal', { statusCode: 500 })],
      ['Blob 503', new RestError('server busy', { statusCode: 503 })],
      ['Blob never answered', new RestError('send failed', { code: 'REQUEST_SEND_ERROR' })],
    ];
    for (const [what, thrown] of transient) {
      const problem = problemFor(thrown);
      assert.equal(problem.status, 503, what);
      assert.equal(problem.body.code, 'storage.unavailable', what);
      assert.deepEqual(problem.headers, { 'retry-after': '5' }, what);
      assert.doesNotMatch(JSON.stringify(problem.body), /busy|ECONN|socket|stack/, what);
    }
  });

  it('leaves every other storage error as it was: a mapped code or an opaque 500', () => {
    const permanent: unknown[] = [
      Object.assign(new ErrorResponse('bad request'), { code: 400 }),
      Object.assign(new ErrorResponse('forbidden'), { code: 403 }),
      Object.assign(new ErrorResponse('too large'), { code: 413 }),
      new RestError('no such container', { statusCode: 404 }),
      new RestError('auth failed', { statusCode: 403 }),
      Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' }),
    ];
    for (const thrown of permanent) {
      const problem = problemFor(thrown);
      assert.equal(problem.status, 500);
      assert.equal(problem.body.code, 'internal.error');
      assert.deepEqual(problem.headers, {});
    }
    // Caseflow's own codes win, even if their cause was transient.
    const conflict = new CaseflowError(
      'storage.conflict',
      'exists',
      {},
      { cause: new RestError('x', { statusCode: 503 }) },
    );
    assert.equal(problemFor(conflict).status, 409);
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

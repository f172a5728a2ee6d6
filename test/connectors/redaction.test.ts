import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { basicCredential, Redactor } from '../../shared/connectors/redaction.js';

describe('Redactor', () => {
  it('replaces every occurrence of a secret, also URL-encoded and form-encoded', () => {
    const redactor = new Redactor(['s3cret value&x']);
    assert.equal(
      redactor.text('a s3cret value&x b s3cret%20value%26x c s3cret+value%26x'),
      'a *** b *** c ***',
    );
  });

  it('replaces a longer secret whole when it contains a shorter one', () => {
    assert.equal(new Redactor(['abc', 'abcdef']).text('xabcdefx abc'), 'x***x ***');
  });

  it('masks credential headers by name and secrets in other headers by value', () => {
    const redactor = new Redactor(['tok-1'], ['X-Partner-Key']);
    assert.deepEqual(
      redactor.headers({
        Authorization: 'Bearer whatever',
        'set-cookie': 'session=1',
        'x-partner-key': 'abc',
        location: 'https://x/?t=tok-1',
        'content-type': 'application/json',
      }),
      {
        Authorization: '***',
        'set-cookie': '***',
        'x-partner-key': '***',
        location: 'https://x/?t=***',
        'content-type': 'application/json',
      },
    );
  });

  it('redacts strings and keys anywhere in a JSON value, leaving other values alone', () => {
    const redactor = new Redactor(['pw']).with(basicCredential('u', 'pw'));
    assert.deepEqual(
      redactor.json({ a: ['pw!', 3, null, { pw: `Basic ${basicCredential('u', 'pw')}` }], ok: true }),
      { a: ['***!', 3, null, { '***': 'Basic ***' }], ok: true },
    );
  });

  it('ignores empty secrets instead of redacting everything', () => {
    assert.equal(new Redactor(['']).text('plain'), 'plain');
  });
});

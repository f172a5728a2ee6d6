import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkFeelExpression } from '../../shared/expressions/feel-syntax.js';

describe('checkFeelExpression', () => {
  it('accepts FEEL as models use it', () => {
    for (const text of [
      'amount > 1000',
      'status = "open" and priority >= 2',
      'order.total',
      'count(items) > 0',
      'if approved then "yes" else "no"',
      'some item in items satisfies item.price > 10',
      'date and time("2026-03-01T09:00:00Z")',
      'duration("PT5M")',
      '{ a: 1, b: [1, 2, 3] }',
    ]) {
      assert.deepEqual(checkFeelExpression(text), { valid: true }, text);
    }
  });

  it('rejects text that does not parse, with the offset of the first unreadable character', () => {
    assert.deepEqual(checkFeelExpression('amount >'), { valid: false, errorOffset: 8 });
    assert.equal(checkFeelExpression('foo(').valid, false);
    assert.equal(checkFeelExpression('"unterminated').valid, false);
  });

  it('rejects JUEL syntax and empty text', () => {
    assert.equal(checkFeelExpression('${amount > 5}').valid, false);
    assert.equal(checkFeelExpression('   ').valid, false);
  });

  it('gives the same answer for repeated text (cached)', () => {
    assert.deepEqual(checkFeelExpression('a >'), checkFeelExpression('a >'));
  });
});

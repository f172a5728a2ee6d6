import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isWellFormedJuel, parseJuelSubset } from '../../shared/expressions/juel-subset.js';

describe('parseJuelSubset', () => {
  it('reads a variable reference and a property path', () => {
    assert.deepEqual(parseJuelSubset('${approved}'), {
      kind: 'operand',
      operand: { kind: 'path', path: ['approved'] },
      negated: false,
    });
    assert.deepEqual(parseJuelSubset('${ order.total }'), {
      kind: 'operand',
      operand: { kind: 'path', path: ['order', 'total'] },
      negated: false,
    });
  });

  it('reads a negated reference, with ! or not', () => {
    const expected = { kind: 'operand', operand: { kind: 'path', path: ['approved'] }, negated: true };
    assert.deepEqual(parseJuelSubset('${!approved}'), expected);
    assert.deepEqual(parseJuelSubset('${not approved}'), expected);
  });

  it('reads comparisons with symbol and word operators and literal operands', () => {
    assert.deepEqual(parseJuelSubset('${amount >= 1000}'), {
      kind: 'comparison',
      left: { kind: 'path', path: ['amount'] },
      operator: '>=',
      right: { kind: 'literal', value: 1000 },
    });
    assert.deepEqual(parseJuelSubset("${status eq 'open'}"), {
      kind: 'comparison',
      left: { kind: 'path', path: ['status'] },
      operator: '==',
      right: { kind: 'literal', value: 'open' },
    });
    assert.deepEqual(parseJuelSubset('${x != null}')?.kind, 'comparison');
    assert.deepEqual(parseJuelSubset('${flag == true}'), {
      kind: 'comparison',
      left: { kind: 'path', path: ['flag'] },
      operator: '==',
      right: { kind: 'literal', value: true },
    });
    assert.equal(parseJuelSubset('${a lt -2.5}')?.kind, 'comparison');
  });

  it('refuses JUEL outside the subset', () => {
    for (const text of [
      '${bean.method()}',
      '${a && b}',
      '${a + 1 > 2}',
      'Hello ${name}',
      '${a}${b}',
      '#{deferred}',
      '${a == b == c}',
      '${!}',
      'plain',
    ]) {
      assert.equal(parseJuelSubset(text), undefined, text);
    }
  });
});

describe('isWellFormedJuel', () => {
  it('accepts closed, non-empty expressions, quoted braces and text around them', () => {
    assert.equal(isWellFormedJuel('${a}'), true);
    assert.equal(isWellFormedJuel("Hello ${user.name('}')} and #{b}"), true);
    assert.equal(isWellFormedJuel('${map({"a": 1})}'), true);
  });

  it('refuses empty and unclosed expressions', () => {
    assert.equal(isWellFormedJuel('${}'), false);
    assert.equal(isWellFormedJuel('${  }'), false);
    assert.equal(isWellFormedJuel('${currentUser()'), false);
    assert.equal(isWellFormedJuel('ok ${a} then ${b'), false);
  });
});

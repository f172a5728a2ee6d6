import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluateExpression } from '../../shared/expressions/evaluate-expression.js';
import { FeelFunction, date, dateAndTime, evaluate } from 'feelin';
import { evaluateFeel } from '../../shared/expressions/feel-evaluate.js';
import { toJsonValue } from '../../shared/expressions/json-value.js';
import { evaluateJuel } from '../../shared/expressions/juel-evaluate.js';

const now = '2010-06-15T08:30:00.000Z';

describe('FEEL evaluation', () => {
  it('binds now() and today() to the engine time, not the wall clock', () => {
    assert.deepEqual(evaluateFeel('now()', {}, now), { ok: true, value: '2010-06-15T08:30:00Z' });
    assert.deepEqual(evaluateFeel('today()', {}, now), { ok: true, value: '2010-06-15' });
    assert.deepEqual(evaluateFeel('string(now() + duration("PT1H"))', {}, now), {
      ok: true,
      value: '2010-06-15T09:30:00Z',
    });
  });

  it('reads variables and returns plain JSON', () => {
    assert.deepEqual(
      evaluateFeel(
        '{total: sum(items.price), n: count(items)}',
        { items: [{ price: 2 }, { price: 3 }] },
        now,
      ),
      {
        ok: true,
        value: { total: 5, n: 2 },
      },
    );
  });

  it('gives the same results from its compiled cache as a fresh feelin evaluation', () => {
    const clock = {
      now: new FeelFunction(() => dateAndTime('2010-06-15T08:30:00Z'), []),
      today: new FeelFunction(() => date('2010-06-15'), []),
    };
    const contexts: Record<string, unknown>[] = [
      { x: 1, items: [{ price: 1 }, { price: 5 }], count: 3, name: 'Ann', order: { lines: [1, 2] } },
      { items: [], name: null },
      {},
    ];
    const expressions = [
      'x + 1',
      'sum(items.price) * 2',
      'count(items)',
      'for x in items return x.price * 10',
      'items[price > 1].price',
      'some item in items satisfies item.price > 2',
      '{a: x, b: a + 1}.b',
      'if name = null then "nobody" else upper case(name)',
      'string length(name) + count(order.lines)',
      'missing = null',
      'date(now()) = today()',
      'string(now() + duration("P1D"))',
      '(function(y) y * x)(4)',
    ];
    for (const context of contexts) {
      for (const expression of expressions) {
        const expected = toJsonValue(evaluate(expression, { ...context, ...clock }).value);
        for (let round = 0; round < 2; round++) {
          assert.deepEqual(evaluateFeel(expression, context, now), { ok: true, value: expected }, expression);
        }
      }
    }
  });

  it('reports a syntax error instead of throwing, every time it is asked', () => {
    for (let round = 0; round < 2; round++) {
      const outcome = evaluateFeel('a >', { a: 1 }, now);
      assert.equal(outcome.ok, false);
    }
  });
});

describe('JUEL subset', () => {
  const variables = { amount: 7, status: 'open', flag: false, order: { paid: true } };

  it('evaluates names, properties, literals and comparisons', () => {
    assert.deepEqual(evaluateJuel('${amount}', variables), { ok: true, value: 7 });
    assert.deepEqual(evaluateJuel('${order.paid}', variables), { ok: true, value: true });
    assert.deepEqual(evaluateJuel('${amount > 5}', variables), { ok: true, value: true });
    assert.deepEqual(evaluateJuel("${status == 'open'}", variables), { ok: true, value: true });
    assert.deepEqual(evaluateJuel('${amount le 5}', variables), { ok: true, value: false });
  });

  it('evaluates ! and not on a name', () => {
    assert.deepEqual(evaluateJuel('${!flag}', variables), { ok: true, value: true });
    assert.deepEqual(evaluateJuel('${not order.paid}', variables), { ok: true, value: false });
  });

  it('reports unknown variables and unsupported syntax', () => {
    assert.equal(evaluateJuel('${missing}', variables).ok, false);
    assert.equal(evaluateJuel('${execution.getVariable("x")}', variables).ok, false);
    assert.equal(evaluateJuel('${amount + 1}', variables).ok, false);
    assert.equal(evaluateJuel('total: ${amount}', variables).ok, false);
    assert.equal(evaluateJuel("${amount > 'x'}", variables).ok, false);
  });

  it('runs exactly the subset the importer accepts: && and || are outside it', () => {
    assert.equal(evaluateJuel('${order.paid && flag}', variables).ok, false);
    assert.equal(evaluateJuel('${flag or order.paid}', variables).ok, false);
    assert.equal(evaluateJuel('${(amount > 5)}', variables).ok, false);
  });
});

describe('expression languages', () => {
  it('returns literals as they are and refuses foreign languages', () => {
    assert.deepEqual(evaluateExpression({ language: 'literal', source: 'PT5M' }, {}, now), {
      ok: true,
      value: 'PT5M',
    });
    const foreign = evaluateExpression(
      { language: 'foreign', source: 'x', declaredLanguage: 'groovy' },
      {},
      now,
    );
    assert.equal(foreign.ok, false);
  });
});

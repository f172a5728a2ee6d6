import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseErrorMapping } from '../../shared/connectors/response-mapping.js';
import { pathPlaceholders, renderBody, renderPath, renderText } from '../../shared/connectors/templates.js';

const now = '2030-01-01T00:00:00.000Z';

describe('connector templates and error mappings', () => {
  it('finds path placeholders and refuses unclosed, stray or empty ones', () => {
    assert.deepEqual(pathPlaceholders('/a/{x}/b/{y.z}'), ['x', 'y.z']);
    assert.equal(pathPlaceholders('/a/{x'), undefined);
    assert.equal(pathPlaceholders('/a/x}'), undefined);
    assert.equal(pathPlaceholders('/a/{}'), undefined);
  });

  it('fills a path with URL-encoded FEEL values and reports null or failing ones', () => {
    assert.deepEqual(renderPath('/c/{id}/o/{n + 1}', { id: 'a/b c', n: 1 }, now), {
      ok: true,
      value: '/c/a%2Fb%20c/o/2',
    });
    assert.equal(renderPath('/c/{missing}', {}, now).ok, false);
  });

  it('evaluates = strings as FEEL and leaves other text as written', () => {
    assert.deepEqual(renderText('=upper case(x)', { x: 'ab' }, now), { ok: true, value: 'AB' });
    assert.deepEqual(renderText('plain', {}, now), { ok: true, value: 'plain' });
    assert.deepEqual(renderText('=null', {}, now), { ok: true, value: undefined });
    assert.deepEqual(renderBody({ a: '=x * 2', b: ['=x', 'y'], c: 1 }, { x: 2 }, now), {
      ok: true,
      value: { a: 4, b: [2, 'y'], c: 1 },
    });
    assert.deepEqual(renderBody('={total: x}', { x: 2 }, now), { ok: true, value: { total: 2 } });
  });

  it('reads statuses and classes from caseflow.errorMapping and names a bad rule', () => {
    const parsed = parseErrorMapping(' 404:NOT_FOUND, 4xx : CLIENT_ERROR ,');
    assert.ok('mapping' in parsed);
    assert.deepEqual(
      [...parsed.mapping],
      [
        ['404', 'NOT_FOUND'],
        ['4xx', 'CLIENT_ERROR'],
      ],
    );
    assert.deepEqual(parseErrorMapping('404=NOT_FOUND'), {
      problem: 'caseflow.errorMapping rule "404=NOT_FOUND" is not <status or 4xx>:<ERROR_CODE>',
    });
  });
});

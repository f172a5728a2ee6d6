import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseRouteTemplate } from '../../local/host/route-template.js';

function match(template: string, path: string): Record<string, string> | undefined {
  return parseRouteTemplate(template).match(path);
}

describe('route templates (ASP.NET Core syntax, as the Functions host uses)', () => {
  it('matches literal segments case-insensitively', () => {
    assert.deepEqual(match('api/health', '/API/Health'), {});
    assert.equal(match('api/health', '/api/healthz'), undefined);
  });

  it('decodes parameter values', () => {
    assert.deepEqual(match('api/users/{name}', '/api/users/J%C3%BCrgen%20B'), { name: 'Jürgen B' });
  });

  it('applies chained constraints with arguments', () => {
    const template = 'api/n/{value:int:range(1,10)}';
    assert.deepEqual(match(template, '/api/n/10'), { value: '10' });
    assert.equal(match(template, '/api/n/11'), undefined);
    assert.equal(match('api/n/{value:int}', '/api/n/2147483648'), undefined);
    assert.deepEqual(match('api/n/{value:long}', '/api/n/2147483648'), { value: '2147483648' });
  });

  it('supports bool, double, datetime, length and min/max constraints', () => {
    assert.deepEqual(match('x/{b:bool}', '/x/TRUE'), { b: 'TRUE' });
    assert.equal(match('x/{b:bool}', '/x/yes'), undefined);
    assert.deepEqual(match('x/{d:double}', '/x/-1.5e3'), { d: '-1.5e3' });
    assert.deepEqual(match('x/{t:datetime}', '/x/2024-05-01'), { t: '2024-05-01' });
    assert.equal(match('x/{s:minlength(3)}', '/x/ab'), undefined);
    assert.equal(match('x/{s:maxlength(2)}', '/x/abc'), undefined);
    assert.deepEqual(match('x/{s:length(2,3)}', '/x/abc'), { s: 'abc' });
    assert.equal(match('x/{n:min(5)}', '/x/4'), undefined);
    assert.equal(match('x/{n:max(5)}', '/x/6'), undefined);
  });

  it('supports regex constraints with escaped braces, case-insensitively', () => {
    const template = 'codes/{code:regex(^[a-z]{{2}}\\d$)}';
    assert.deepEqual(match(template, '/codes/AB1'), { code: 'AB1' });
    assert.equal(match(template, '/codes/abc1'), undefined);
  });

  it('matches complex segments such as {name}.{ext}', () => {
    assert.deepEqual(match('files/{name}.{ext}', '/files/report.final.pdf'), {
      name: 'report.final',
      ext: 'pdf',
    });
  });

  it('lets several trailing optional parameters be left out in order', () => {
    const template = 'a/{x?}/{y?}';
    assert.deepEqual(match(template, '/a'), {});
    assert.deepEqual(match(template, '/a/1'), { x: '1' });
    assert.deepEqual(match(template, '/a/1/2'), { x: '1', y: '2' });
  });

  it('rejects unknown constraints and misplaced catch-alls', () => {
    assert.throws(() => parseRouteTemplate('x/{id:banana}'), /not known/);
    assert.throws(() => parseRouteTemplate('x/{*rest}/more'), /last segment/);
    assert.throws(() => parseRouteTemplate('x/{open'), /unclosed/);
  });

  it('ranks literals before constrained parameters before parameters before catch-alls', () => {
    const ranks = ['x/lit', 'x/{id:int}', 'x/{id}', 'x/{*rest}'].map(
      (text) => parseRouteTemplate(text).precedence[1],
    );
    assert.deepEqual(ranks, [1, 3, 4, 5]);
  });
});

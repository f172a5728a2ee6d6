import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { crashHookFrom } from '../../local/durable/crash-points.js';

describe('CASEFLOW_LOCAL_CRASH_AT crash points', () => {
  it('kills at the n-th time the named point is reached, and only then', () => {
    let kills = 0;
    const hook = crashHookFrom('step-written:3', () => (kills += 1));
    assert.ok(hook);
    hook('step-written');
    hook('timer-armed');
    hook('step-written');
    assert.equal(kills, 0);
    hook('step-written');
    assert.equal(kills, 1);
    hook('step-written');
    assert.equal(kills, 1);
  });

  it('kills the first time when no occurrence is given', () => {
    let kills = 0;
    crashHookFrom('timer-fired', () => (kills += 1))?.('timer-fired');
    assert.equal(kills, 1);
  });

  it('gives no hook for an unset setting or an unknown point', () => {
    assert.equal(crashHookFrom(undefined), undefined);
    assert.equal(crashHookFrom('nowhere:2'), undefined);
    assert.equal(crashHookFrom('step-written:x'), undefined);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CoreState, createCoreApi } from '../../local/host/core-api.js';

function newCore() {
  const logs: string[] = [];
  const state = new CoreState((level, category, message) => logs.push(`${level}/${category}: ${message}`));
  return { state, core: createCoreApi(state), logs };
}

describe('the in-process @azure/functions-core object', () => {
  it('registers functions by id and refuses duplicates', () => {
    const { state, core } = newCore();
    core.registerFunction({ name: 'a', bindings: {} }, () => undefined);
    assert.deepEqual([...state.functions.keys()], ['a']);
    assert.throws(
      () => core.registerFunction({ name: 'a', bindings: {} }, () => undefined),
      /already been registered/,
    );
  });

  it('refuses registrations once the app has loaded', () => {
    const { state, core } = newCore();
    state.registrationLocked = true;
    assert.throws(
      () => core.registerFunction({ name: 'late', bindings: {} }, () => undefined),
      /during app startup/,
    );
  });

  it('answers an unknown hook name with a RangeError marked as a system error, as the library expects', () => {
    const { core } = newCore();
    assert.throws(
      () => core.registerHook('someFutureHook', () => undefined),
      (error: Error & { isAzureFunctionsSystemError?: boolean }) =>
        error instanceof RangeError && error.isAzureFunctionsSystemError === true,
    );
  });

  it('removes a hook when its Disposable is disposed', () => {
    const { state, core } = newCore();
    const disposable = core.registerHook('preInvocation', () => undefined);
    assert.equal(state.hooksOf('preInvocation').length, 1);
    disposable.dispose();
    assert.equal(state.hooksOf('preInvocation').length, 0);
  });

  it('passes system logs through the log hooks, which may change the level and message', () => {
    const { core, logs } = newCore();
    core.registerHook('log', (context) => {
      context.level = 'warning';
      context.message = `${String(context.message)}!`;
    });
    core.log('information', 'system', 'hello');
    assert.deepEqual(logs, ['warning/system: hello!']);
  });
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DurableClient } from 'durable-functions';
import { caseRuntime } from '../../functions/cases/case-runtime.js';
import { engineCommandKinds } from '../../shared/engine/index.js';

test('the app has a performer for every engine command kind but end, which advanceCase records itself and performers only observe', () => {
  // Building the runtime connects to nothing: the client is only used when a doorbell rings or a timer starts.
  const { performers } = caseRuntime({} as DurableClient);
  const handled = new Set(performers.flatMap((performer) => [...performer.handles]));
  const unhandled = engineCommandKinds.filter((kind) => kind !== 'end' && !handled.has(kind));
  assert.deepEqual(unhandled, []);
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { durableBenchmark } from '../../bench/durable-bench.js';

describe('Durable benchmark (npm run bench -- durable)', () => {
  it('runs every scenario end to end on the local host and counts each activity completion once', async () => {
    const results = await durableBenchmark({ sequentialInstances: 1, startsPerSecond: 0, fanOut: 3 });
    assert.deepEqual(
      results.map((result) => [result.instances, result.activityCompletions, result.stepLatency.samples]),
      [
        [1, 5, 5],
        [1, 5, 5],
        [1, 3, 3],
      ],
    );
    for (const result of results) assert.ok(result.activityCompletionsPerSecond > 0, result.scenario);
  });
});

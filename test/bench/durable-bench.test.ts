import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { durableBenchmark } from '../../bench/durable-bench.js';

describe('Durable benchmark (npm run bench -- durable)', () => {
  it('runs every scenario end to end on the local host and counts each activity completion once', async () => {
    const results = await durableBenchmark({ sequentialInstances: 1, startsPerSecond: 0, fanOut: 3 });
    assert.deepEqual(
      results.map((result) => [result.instances, result.activityCompletions]),
      [
        [1, 5],
        [1, 5],
        [1, 3],
      ],
    );
    // One step per result in a sequence; a fan-in takes the results that arrived meanwhile in one step.
    assert.deepEqual(
      results.slice(0, 2).map((result) => result.stepLatency.samples),
      [5, 5],
    );
    const fanInSteps = results[2]!.stepLatency.samples;
    assert.ok(fanInSteps >= 1 && fanInSteps <= 3, `fan-in steps: ${fanInSteps}`);
    for (const result of results) assert.ok(result.activityCompletionsPerSecond > 0, result.scenario);
    // The breakdown sees every activity and at least every step that scheduled one (the last step may land
    // after the instance is seen completed).
    for (const { breakdown } of results.slice(0, 2)) {
      assert.equal(breakdown.activity.samples, 5);
      assert.ok(breakdown.write.samples >= 5 && breakdown.orchestrator.samples >= 5);
    }
  });
});

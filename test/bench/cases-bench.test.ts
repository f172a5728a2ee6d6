import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { casesBenchmark } from '../../bench/cases-bench.js';

describe('cases benchmark (npm run bench -- cases)', () => {
  it('drives a case through its job, inbox task and second job to the end, measuring each hop once', async () => {
    const result = await casesBenchmark({ cases: 1, startsPerSecond: 1, pollMs: 20 });
    assert.equal(result.cases, 1);
    assert.deepEqual(
      [result.startToJob, result.jobToInbox, result.taskToJob, result.jobToCaseEnd].map((hop) => hop.samples),
      [1, 1, 1, 1],
    );
    assert.equal(result.requests.completeJob.samples, 2);
    assert.ok(result.casesPerSecond > 0);
  });
});

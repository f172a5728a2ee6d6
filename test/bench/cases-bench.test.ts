import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { casesBenchmark } from '../../bench/cases-bench.js';

describe('cases benchmark (npm run bench -- cases)', () => {
  it('drives a case through its job, inbox task and second job to the end, measuring each hop once, from a client process counted apart', async () => {
    const result = await casesBenchmark({ cases: 1, startsPerSecond: 1, warmUpCases: 1 });
    assert.equal(result.cases, 1);
    // The warm-up is measured too, and reported apart from the measured run.
    assert.equal(result.warmUp.cases, 1);
    assert.equal(result.warmUp.taskToNextTask.samples, 2);
    assert.deepEqual(
      [result.startToJob, result.jobToInbox, result.taskToJob, result.jobToCaseEnd].map((hop) => hop.samples),
      [1, 1, 1, 1],
    );
    assert.equal(result.requests.completeJob.samples, 2);
    assert.ok(result.casesPerSecond > 0);
    if (process.platform !== 'linux') return; // CPU times come from Linux's /proc
    // The client is in the process tree, and its CPU is its own figure, not the platform's: in the measured
    // run and in the warm-up (one case each, so per case is the whole).
    for (const batch of [result, result.warmUp]) {
      const client = batch.cpuByProcess.filter((entry) => entry.name === 'cases-bench-client.js');
      assert.equal(client.length, 1);
      assert.equal(batch.clientCpuMsPerCase, client[0]!.cpuMs);
      const platform = batch.cpuByProcess.filter((entry) => entry !== client[0]);
      assert.ok(platform.length >= 3, 'the bench process, the Functions worker and Azurite');
      assert.equal(
        batch.cpuMsPerCase,
        platform.reduce((sum, entry) => sum + entry.cpuMs, 0),
      );
    }
  });
});

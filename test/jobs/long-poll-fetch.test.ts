import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { JobArrivals } from '../../shared/jobs/job-arrivals.js';
import { longPollFetch } from '../../shared/jobs/long-poll-fetch.js';

/** A fetch answering from a script of results, one per call (then nothing), counting its calls. */
function scripted(results: string[][]) {
  const fetch = async () => {
    fetch.calls++;
    return results[fetch.calls - 1] ?? [];
  };
  fetch.calls = 0;
  return fetch;
}

describe('long polling fetch (per-process arrivals and rechecks)', () => {
  const options = (arrivals: JobArrivals, timeoutMs: number, recheckMs: number) => ({
    arrivals,
    tenantId: 'contoso',
    types: ['charge', 'ship'],
    timeoutMs,
    recheckMs,
  });

  it('fetches once and listens for nothing with timeout 0', async () => {
    const arrivals = new JobArrivals();
    const fetch = scripted([]);
    const answer = longPollFetch(fetch, options(arrivals, 0, 1000));
    assert.equal(arrivals.waitedFor, 0);
    assert.deepEqual(await answer, []);
    assert.equal(fetch.calls, 1);
  });

  it('fetches again on a signal of its tenant and type, answers, and stops listening', async () => {
    const arrivals = new JobArrivals();
    const fetch = scripted([[], ['job-1']]);
    const answer = longPollFetch(fetch, options(arrivals, 60_000, 60_000));
    await eventuallyTrue(() => fetch.calls === 1);
    assert.equal(arrivals.waitedFor, 2);
    arrivals.signal('contoso', 'ship');
    assert.deepEqual(await answer, ['job-1']);
    assert.equal(arrivals.waitedFor, 0);
  });

  it('is not woken by signals of other tenants or types, and answers nothing at its timeout', async () => {
    const arrivals = new JobArrivals();
    const fetch = scripted([]);
    const answer = longPollFetch(fetch, options(arrivals, 200, 60_000));
    await eventuallyTrue(() => fetch.calls === 1);
    arrivals.signal('fabrikam', 'ship');
    arrivals.signal('contoso', 'other');
    // The first fetch, and one more when the time is up: no signal above woke it.
    assert.deepEqual(await answer, []);
    assert.equal(fetch.calls, 2);
    assert.equal(arrivals.waitedFor, 0);
  });

  it('finds by its recheck a job no signal announced (another instance, an ended back-off)', async () => {
    const arrivals = new JobArrivals();
    const fetch = scripted([[], [], ['job-elsewhere']]);
    assert.deepEqual(await longPollFetch(fetch, options(arrivals, 60_000, 10)), ['job-elsewhere']);
    assert.equal(fetch.calls, 3);
  });

  it('waits again after losing a race for a signalled job, and takes the next one', async () => {
    const arrivals = new JobArrivals();
    const fetch = scripted([[], [], ['job-2']]);
    const answer = longPollFetch(fetch, options(arrivals, 60_000, 60_000));
    await eventuallyTrue(() => fetch.calls === 1);
    arrivals.signal('contoso', 'charge'); // another waiter locks this one first: the fetch finds nothing
    await eventuallyTrue(() => fetch.calls === 2);
    assert.equal(arrivals.waitedFor, 2);
    arrivals.signal('contoso', 'charge');
    assert.deepEqual(await answer, ['job-2']);
    assert.equal(fetch.calls, 3);
  });

  it('fetches again at once when a signal came while it was fetching', async () => {
    const arrivals = new JobArrivals();
    const results = [[], ['job-during']];
    let calls = 0;
    const fetch = async () => {
      if (calls === 0) arrivals.signal('contoso', 'charge'); // the job is created during the first query
      return results[calls++] ?? [];
    };
    assert.deepEqual(await longPollFetch(fetch, options(arrivals, 60_000, 60_000)), ['job-during']);
  });
});

/** Lets pending promise callbacks run until the condition holds (the fetches here answer without I/O). */
async function eventuallyTrue(condition: () => boolean): Promise<void> {
  for (let turn = 0; turn < 1000 && !condition(); turn++) await new Promise(setImmediate);
  assert.ok(condition(), 'the condition held');
}

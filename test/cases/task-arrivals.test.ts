import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TaskArrivals } from '../../shared/cases/task-arrivals.js';
import { noneMatchNames } from '../../shared/cases/task-page-etag.js';
import { preferredWaitSeconds } from '../../shared/http/prefer-wait.js';
import type { Principal } from '../../shared/identity/principal.js';

const worker = (userId: string, groups: string[] = []): Principal => ({
  tenantId: 'contoso',
  userId,
  roles: ['worker'],
  groups,
});
const task = (audience: { assignee?: string; candidateUsers?: string[]; candidateGroups?: string[] }) => ({
  ...(audience.assignee !== undefined ? { assignee: audience.assignee } : {}),
  candidateUsers: audience.candidateUsers ?? [],
  candidateGroups: audience.candidateGroups ?? [],
  openToAll: !audience.candidateUsers?.length && !audience.candidateGroups?.length,
});

describe('task arrivals (the doorbell of waiting task lists)', () => {
  /** Which of the listening workers a task created in `tenantId` wakes. */
  function woken(created: ReturnType<typeof task>, tenantId = 'contoso'): string[] {
    const arrivals = new TaskArrivals();
    const wakes: string[] = [];
    const stops = [worker('walter', ['claims']), worker('wendy', ['payments']), worker('will')].map(
      (principal) => arrivals.listen(principal, () => wakes.push(principal.userId), { everyTask: false }),
    );
    arrivals.created(tenantId, created);
    for (const stop of stops) stop();
    assert.equal(arrivals.waitedFor, 0, 'no listener is left behind');
    return wakes.sort();
  }

  it('wakes only the assignee, the candidate users and the members of candidate groups', () => {
    assert.deepEqual(woken(task({ assignee: 'walter', candidateUsers: ['walter'] })), ['walter']);
    assert.deepEqual(woken(task({ candidateUsers: ['will'], candidateGroups: ['payments'] })), [
      'wendy',
      'will',
    ]);
  });

  it('wakes everyone of the tenant for a task offered to all, and nobody of another tenant', () => {
    assert.deepEqual(woken(task({})), ['walter', 'wendy', 'will']);
    assert.deepEqual(woken(task({}), 'fabrikam'), []);
  });

  it('wakes a list of every task (admins, designers) for any new task', () => {
    const arrivals = new TaskArrivals();
    let wakes = 0;
    const admin: Principal = { tenantId: 'contoso', userId: 'alice', roles: ['admin'], groups: [] };
    const stop = arrivals.listen(admin, () => wakes++, { everyTask: true });
    arrivals.created('contoso', task({ assignee: 'walter' }));
    stop();
    assert.equal(wakes, 1);
  });
});

describe('conditional request headers of the task list', () => {
  it('matches If-None-Match by tag, in lists, weakly, and for *', () => {
    assert.equal(noneMatchNames('"a"', '"a"'), true);
    assert.equal(noneMatchNames('"b", W/"a"', '"a"'), true);
    assert.equal(noneMatchNames('*', '"a"'), true);
    assert.equal(noneMatchNames('"b"', '"a"'), false);
  });

  it('reads the wait preference among others and rejects one out of bounds', () => {
    const bounds = { min: 1, max: 60 };
    assert.equal(preferredWaitSeconds(null, bounds), undefined);
    assert.equal(preferredWaitSeconds('return=minimal', bounds), undefined);
    assert.equal(preferredWaitSeconds('return=minimal, Wait=10', bounds), 10);
    assert.throws(() => preferredWaitSeconds('wait=0', bounds), { code: 'http.validation-failed' });
    assert.throws(() => preferredWaitSeconds('wait=61', bounds), { code: 'http.validation-failed' });
  });
});

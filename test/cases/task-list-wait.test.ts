import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startLocalCloud, type LocalCloud } from '../../local/start-local-cloud.js';
import { apiUser, eventually, type ApiUser } from '../support/caseflow-api.js';
import { executableProcess } from '../support/models.js';
import { repositoryRoot } from '../support/paths.js';
import { quickCaseSettings } from '../support/quick-case-settings.js';
import { makeTempDir } from '../support/temp-dir.js';

/** start -> a user task assigned to `assignee` -> end. */
function taskFor(assignee: string): string {
  return executableProcess(
    `<bpmn:startEvent id="start" />
  <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="work" />
  <bpmn:userTask id="work" name="Work for ${assignee}">
    <bpmn:extensionElements><zeebe:assignmentDefinition assignee="${assignee}" /></bpmn:extensionElements>
  </bpmn:userTask>
  <bpmn:sequenceFlow id="f2" sourceRef="work" targetRef="end" />
  <bpmn:endEvent id="end" />`,
    `for-${assignee}`,
  );
}

interface TaskPage {
  items: { id: string; caseId: string }[];
}

describe('the waiting task list (ETag, If-None-Match, Prefer: wait) on the local cloud', () => {
  const dataDir = makeTempDir('task-list-wait');
  let cloud: LocalCloud;
  let walter: ApiUser;
  let wendy: ApiUser;
  const url = () => cloud.host.url;

  const startCase = async (processKey: string) => {
    const started = await walter.post('/api/cases', { processKey });
    assert.equal(started.status, 201, await started.clone().text());
    return ((await started.json()) as { id: string }).id;
  };
  const list = (user: ApiUser, headers: Record<string, string> = {}) =>
    user.fetch('/api/tasks', { method: 'GET', headers });
  const etagOf = async (user: ApiUser) => {
    const answer = await list(user);
    assert.equal(answer.status, 200);
    const etag = answer.headers.get('etag') ?? '';
    assert.match(etag, /^"[^"]+"$/, 'a quoted strong tag');
    return etag;
  };

  before(async () => {
    cloud = await startLocalCloud({
      appRoot: repositoryRoot,
      dataDir: dataDir.path,
      ports: 'free',
      settings: quickCaseSettings,
    });
    const dave = await apiUser(url, 'contoso', 'dave');
    [walter, wendy] = await Promise.all([
      apiUser(url, 'contoso', 'walter'),
      apiUser(url, 'contoso', 'wendy'),
    ]);
    for (const assignee of ['walter', 'wendy']) {
      const upload = await dave.send('POST', '/api/models', taskFor(assignee), 'application/xml');
      assert.equal(upload.status, 201, await upload.clone().text());
    }
  });
  after(async () => {
    await cloud?.stop();
    dataDir.remove();
  });

  it('rejects a Prefer wait outside 1 to 60 whole seconds with 400 naming Prefer', async () => {
    for (const prefer of ['wait=0', 'wait=61', 'wait=abc', 'wait=1.5', 'wait=']) {
      const answer = await list(walter, { 'if-none-match': '"x"', prefer });
      assert.equal(answer.status, 400, prefer);
      const problem = (await answer.json()) as { code: string; errors: { field: string }[] };
      assert.equal(problem.code, 'http.validation-failed');
      assert.deepEqual(
        problem.errors.map((error) => error.field),
        ['Prefer'],
      );
    }
  });

  it('tags an unchanged page alike and answers If-None-Match alone with 304 at once', async () => {
    const etag = await etagOf(walter);
    assert.equal(await etagOf(walter), etag);
    const unchanged = await list(walter, { 'if-none-match': etag });
    assert.equal(unchanged.status, 304);
    assert.equal(unchanged.headers.get('etag'), etag);
    assert.equal(unchanged.headers.get('preference-applied'), null);
    assert.equal(await unchanged.text(), '');
  });

  it('answers a waiting request with 304 and the same tag when its short wait ends without a change', async () => {
    const etag = await etagOf(walter);
    const unchanged = await list(walter, { 'if-none-match': etag, prefer: 'wait=1' });
    assert.equal(unchanged.status, 304);
    assert.equal(unchanged.headers.get('etag'), etag);
    assert.equal(unchanged.headers.get('preference-applied'), 'wait=1');
    assert.equal(await unchanged.text(), '');
  });

  it("keeps waiting while another user's new task appears", async () => {
    const etag = await etagOf(walter);
    const waitedFrom = performance.now();
    const waiting = list(walter, { 'if-none-match': etag, prefer: 'wait=4' });
    const caseId = await startCase('for-wendy');
    await eventually("wendy's task", async () => {
      const page = await wendy.get<TaskPage>('/api/tasks');
      return page.items.some((task) => task.caseId === caseId) ? true : undefined;
    });
    const answer = await waiting;
    assert.equal(answer.status, 304);
    assert.ok(performance.now() - waitedFrom >= 3900, 'answered once the wait was over');
  });

  it('answers a waiting request with the new task as soon as a case creates one for the caller', async () => {
    const etag = await etagOf(walter);
    const waiting = list(walter, { 'if-none-match': etag, prefer: 'wait=60' });
    const caseId = await startCase('for-walter');
    const answer = await waiting;
    assert.equal(answer.status, 200);
    assert.notEqual(answer.headers.get('etag'), etag, 'the tag changes when a task appears');
    assert.equal(answer.headers.get('preference-applied'), 'wait=60');
    const page = (await answer.json()) as TaskPage;
    assert.deepEqual(
      page.items.map((task) => task.caseId),
      [caseId],
    );
    assert.equal(await etagOf(walter), answer.headers.get('etag'));
  });
});

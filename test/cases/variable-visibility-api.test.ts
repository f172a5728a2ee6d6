import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { settings } from '../../shared/config/registry.js';
import { startLocalCloud, type LocalCloud } from '../../local/start-local-cloud.js';
import { apiUser, eventually, type ApiUser } from '../support/caseflow-api.js';
import { definitions } from '../support/models.js';
import { repositoryRoot } from '../support/paths.js';
import { makeTempDir } from '../support/temp-dir.js';

/** `salary` only for designers (and admins), `diagnosis` only for admins; `amount` for everyone. */
const payrollModel = definitions(`<bpmn:process id="payroll" isExecutable="true">
  <bpmn:extensionElements>
    <caseflow:variableVisibility>
      <caseflow:restrictedVariable name="salary" roles="designer" />
      <caseflow:restrictedVariable name="diagnosis" />
    </caseflow:variableVisibility>
  </bpmn:extensionElements>
  <bpmn:startEvent id="start" />
  <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="check" />
  <bpmn:userTask id="check" name="Check payroll" />
  <bpmn:sequenceFlow id="f2" sourceRef="check" targetRef="end" />
  <bpmn:endEvent id="end" />
</bpmn:process>`);

interface CaseView {
  id: string;
  variables: Record<string, unknown>;
}
interface TimelineEntry {
  event?: string;
  detail?: { variables?: string[] };
}

/** Easy Auth's principal header for a user of the Entra tenant `contoso`. */
function easyAuthHeaders(claims: { typ: string; val: string }[]): Record<string, string> {
  const principal = { auth_typ: 'aad', name_typ: 'name', role_typ: 'roles', claims };
  return { 'x-ms-client-principal': Buffer.from(JSON.stringify(principal)).toString('base64') };
}

describe('App Service authentication and variable visibility on the local cloud', () => {
  const dataDir = makeTempDir('variable-visibility');
  let cloud: LocalCloud;
  let walter: ApiUser;
  let dave: ApiUser;
  let alice: ApiUser;
  let caseId: string;
  const url = () => cloud.host.url;

  before(async () => {
    cloud = await startLocalCloud({
      appRoot: repositoryRoot,
      dataDir: dataDir.path,
      ports: 'free',
      settings: { [settings.appServiceAuth.name]: 'true', [settings.entraTenantId.name]: 'contoso' },
    });
    [walter, dave, alice] = await Promise.all([
      apiUser(url, 'contoso', 'walter'),
      apiUser(url, 'contoso', 'dave'),
      apiUser(url, 'contoso', 'alice'),
    ]);
    const upload = await dave.send('POST', '/api/models', payrollModel, 'application/xml');
    assert.equal(upload.status, 201, await upload.clone().text());
    const started = await walter.post('/api/cases', {
      processKey: 'payroll',
      variables: { amount: 10, salary: 5000, diagnosis: 'flu' },
    });
    assert.equal(started.status, 201);
    const view = (await started.json()) as CaseView;
    caseId = view.id;
    assert.equal('salary' in view.variables, false, 'the start answer hides what workers may not see');
    await eventually('the started case applied', async () => {
      const applied = await alice.get<CaseView>(`/api/cases/${caseId}`);
      return applied.variables.amount === 10 ? applied : undefined;
    });
  });
  after(async () => {
    await cloud?.stop();
    dataDir.remove();
  });

  it('accepts the caller from the App Service principal header when the setting is on', async () => {
    const response = await fetch(`${url()}/api/cases/${caseId}`, {
      headers: easyAuthHeaders([
        { typ: 'http://schemas.microsoft.com/identity/claims/tenantid', val: 'contoso' },
        { typ: 'http://schemas.microsoft.com/identity/claims/objectidentifier', val: 'easy-admin' },
        { typ: 'roles', val: 'admin' },
      ]),
    });
    assert.equal(response.status, 200);
    assert.deepEqual(((await response.json()) as CaseView).variables, {
      amount: 10,
      salary: 5000,
      diagnosis: 'flu',
    });
  });

  it('answers 401 problem+json to a malformed principal header, even beside a valid bearer token', async () => {
    const issued = await fetch(`${url()}/api/dev/token`, {
      method: 'POST',
      body: JSON.stringify({ tenantId: 'contoso', userId: 'alice' }),
      headers: { 'content-type': 'application/json' },
    });
    const { accessToken } = (await issued.json()) as { accessToken: string };
    const withToken = await fetch(`${url()}/api/cases/${caseId}`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    assert.equal(withToken.status, 200, 'the bearer token alone is valid');
    for (const principal of ['not base64!', Buffer.from('{"claims":').toString('base64')]) {
      const forged = await fetch(`${url()}/api/cases/${caseId}`, {
        headers: { 'x-ms-client-principal': principal, authorization: `Bearer ${accessToken}` },
      });
      assert.equal(forged.status, 401);
      assert.equal(forged.headers.get('content-type'), 'application/problem+json');
      const body = (await forged.json()) as Record<string, unknown>;
      assert.equal(body.code, 'auth.unauthenticated');
      assert.equal(JSON.stringify(body).includes('5000'), false);
    }
    const otherTenant = await fetch(`${url()}/api/cases/${caseId}`, {
      headers: easyAuthHeaders([
        { typ: 'tid', val: 'fabrikam' },
        { typ: 'oid', val: 'frank' },
        { typ: 'roles', val: 'admin' },
      ]),
    });
    assert.equal(otherTenant.status, 401);
  });

  it('shows a worker, a designer and an admin different variables of the same case', async () => {
    assert.deepEqual((await walter.get<CaseView>(`/api/cases/${caseId}`)).variables, { amount: 10 });
    assert.deepEqual((await dave.get<CaseView>(`/api/cases/${caseId}`)).variables, {
      amount: 10,
      salary: 5000,
    });
    assert.deepEqual((await alice.get<CaseView>(`/api/cases/${caseId}`)).variables, {
      amount: 10,
      salary: 5000,
      diagnosis: 'flu',
    });
  });

  it('lets no filter on a hidden variable match, so its value cannot be probed', async () => {
    const ids = async (user: ApiUser, query: string) =>
      (await user.get<{ items: CaseView[] }>(`/api/cases?processKey=payroll&${query}`)).items.map(
        (item) => item.id,
      );
    assert.deepEqual(await ids(walter, 'var.amount=10'), [caseId]);
    assert.deepEqual(await ids(walter, 'var.salary=5000'), []);
    assert.deepEqual(await ids(walter, 'var.salary=1'), []);
    assert.deepEqual(await ids(dave, 'var.salary=5000'), [caseId]);
    assert.deepEqual(await ids(alice, 'var.diagnosis=%22flu%22'), [caseId]);
    const listed = await walter.get<{ items: CaseView[] }>('/api/cases?processKey=payroll');
    assert.deepEqual(listed.items[0]?.variables, { amount: 10 });
  });

  it('names only visible variables in the timeline and keeps values out of the task', async () => {
    const set = await alice.post(`/api/cases/${caseId}/variables`, {
      variables: { amount: 11, diagnosis: 'cold' },
    });
    assert.equal(set.status, 202);
    const entry = (items: TimelineEntry[]) => items.find((item) => item.event === 'setVariables');
    const adminEntry = await eventually('the setVariables timeline entry', async () =>
      entry((await alice.get<{ items: TimelineEntry[] }>(`/api/cases/${caseId}/timeline`)).items),
    );
    assert.deepEqual(adminEntry.detail?.variables, ['amount', 'diagnosis']);
    const workerTimeline = await walter.get<{ items: TimelineEntry[] }>(`/api/cases/${caseId}/timeline`);
    assert.deepEqual(entry(workerTimeline.items)?.detail?.variables, ['amount']);
    const tasks = await walter.get<{ items: { id: string; caseId: string }[] }>('/api/tasks?scope=offered');
    const task = tasks.items.find((item) => item.caseId === caseId);
    assert.ok(task);
    const taskBody = JSON.stringify(await walter.get<unknown>(`/api/tasks/${task.id}`));
    assert.equal(taskBody.includes('5000') || taskBody.includes('cold'), false);
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startLocalCloud, type LocalCloud } from '../../local/start-local-cloud.js';
import { definitions } from '../support/models.js';
import { repositoryRoot } from '../support/paths.js';
import { makeTempDir } from '../support/temp-dir.js';
import { apiUser, eventually } from '../support/caseflow-api.js';
import { quickCaseSettings } from '../support/quick-case-settings.js';

/**
 * order: review (form: approved, required) -> approved? -> ship (external worker) -> paid (message, key =
 * orderId) -> check (user task, 1 s interrupting timer) -> done; welcome: started by the message "signup".
 */
const model =
  definitions(`<bpmn:message id="paidMessage" name="paid"><bpmn:extensionElements><zeebe:subscription correlationKey="=orderId" /></bpmn:extensionElements></bpmn:message>
<bpmn:message id="signupMessage" name="signup" />
<bpmn:process id="order" isExecutable="true">
  <bpmn:startEvent id="start" />
  <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="review" />
  <bpmn:userTask id="review" name="Review order"><bpmn:extensionElements><camunda:formData><camunda:formField id="approved" type="boolean"><camunda:validation><camunda:constraint name="required" /></camunda:validation></camunda:formField></camunda:formData></bpmn:extensionElements></bpmn:userTask>
  <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="decide" />
  <bpmn:exclusiveGateway id="decide" default="rejectedFlow" />
  <bpmn:sequenceFlow id="approvedFlow" sourceRef="decide" targetRef="ship"><bpmn:conditionExpression>=approved = true</bpmn:conditionExpression></bpmn:sequenceFlow>
  <bpmn:sequenceFlow id="rejectedFlow" sourceRef="decide" targetRef="rejected" />
  <bpmn:endEvent id="rejected" />
  <bpmn:serviceTask id="ship" name="Ship"><bpmn:extensionElements><zeebe:taskDefinition type="ship-order" /></bpmn:extensionElements></bpmn:serviceTask>
  <bpmn:sequenceFlow id="f3" sourceRef="ship" targetRef="paid" />
  <bpmn:intermediateCatchEvent id="paid"><bpmn:messageEventDefinition messageRef="paidMessage" /></bpmn:intermediateCatchEvent>
  <bpmn:sequenceFlow id="f4" sourceRef="paid" targetRef="check" />
  <bpmn:userTask id="check" name="Check delivery" />
  <bpmn:boundaryEvent id="late" attachedToRef="check"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1S</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
  <bpmn:sequenceFlow id="f5" sourceRef="late" targetRef="done" />
  <bpmn:sequenceFlow id="f6" sourceRef="check" targetRef="done" />
  <bpmn:endEvent id="done" />
</bpmn:process>
<bpmn:process id="welcome" isExecutable="true">
  <bpmn:startEvent id="signedUp"><bpmn:messageEventDefinition messageRef="signupMessage" /></bpmn:startEvent>
  <bpmn:sequenceFlow id="w1" sourceRef="signedUp" targetRef="greet" />
  <bpmn:userTask id="greet" />
  <bpmn:sequenceFlow id="w2" sourceRef="greet" targetRef="welcomed" />
  <bpmn:endEvent id="welcomed" />
</bpmn:process>`);

interface CaseView {
  id: string;
  status: string;
  processKey: string;
  variables: Record<string, unknown>;
}
interface TaskView {
  id: string;
  caseId: string;
  element: string;
  form?: { kind: string; schema?: { required?: string[] } };
}

describe('the case journey across tasks, jobs, messages and timers on the local cloud', () => {
  const dataDir = makeTempDir('case-integration');
  let cloud: LocalCloud;

  before(async () => {
    cloud = await startLocalCloud({
      appRoot: repositoryRoot,
      dataDir: dataDir.path,
      ports: 'free',
      settings: quickCaseSettings,
    });
    const upload = await (await as('contoso', 'dave')).send('POST', '/api/models', model, 'application/xml');
    assert.equal(upload.status, 201, await upload.clone().text());
  });
  after(async () => {
    await cloud?.stop();
    dataDir.remove();
  });

  const as = (tenantId: string, userId: string) => apiUser(() => cloud.host.url, tenantId, userId);

  async function openTask(userId: string, caseId: string, element: string): Promise<TaskView> {
    const user = await as('contoso', userId);
    return eventually(`task ${element} of ${caseId}`, async () => {
      const { items } = await user.get<{ items: TaskView[] }>('/api/tasks?scope=involved');
      return items.find((task) => task.caseId === caseId && task.element === element);
    });
  }

  it('runs start, inbox, form, claim, complete, worker job, message, timer to the end, all in the timeline', async () => {
    const walter = await as('contoso', 'walter');
    const started = await walter.post('/api/cases', { processKey: 'order', variables: { orderId: 'o-1' } });
    assert.equal(started.status, 201);
    const created = (await started.json()) as CaseView;

    const review = await openTask('walter', created.id, 'review');
    const withForm = await walter.get<TaskView>(`/api/tasks/${review.id}`);
    assert.equal(withForm.form?.kind, 'schema');
    assert.deepEqual(withForm.form?.schema?.required, ['approved']);
    assert.equal((await walter.post(`/api/tasks/${review.id}/claim`)).status, 200);
    const invalid = await walter.post(`/api/tasks/${review.id}/complete`, { variables: { approved: 'yes' } });
    assert.equal(invalid.status, 400);
    assert.equal(((await invalid.json()) as { code: string }).code, 'http.validation-failed');
    assert.equal((await walter.get<{ status: string }>(`/api/tasks/${review.id}`)).status, 'open');
    const done = await walter.post(`/api/tasks/${review.id}/complete`, { variables: { approved: true } });
    assert.equal(done.status, 200);

    const worker = await as('contoso', 'svc-worker');
    const job = await eventually('the ship-order job', async () => {
      const fetched = await worker.post('/api/jobs/fetch-and-lock', {
        workerId: 'w1',
        types: ['ship-order'],
        lockDurationMs: 60_000,
      });
      const { items } = (await fetched.json()) as { items: { id: string; caseId: string }[] };
      return items.find((item) => item.caseId === created.id);
    });
    // A duplicate completion is applied once.
    for (let attempt = 0; attempt < 2; attempt++) {
      const completed = await worker.post(`/api/jobs/${job.id}/complete`, {
        workerId: 'w1',
        variables: { tracking: 'T-9' },
      });
      assert.equal(completed.status, 200);
    }

    const alice = await as('contoso', 'alice');
    await eventually('the case to wait for the message', async () => {
      const found = await alice.get<{ activeElements: string[] }>(`/api/cases/${created.id}`);
      return found.activeElements.includes('paid') ? found : undefined;
    });
    const message = { name: 'paid', correlationKey: 'o-1', messageId: 'p-1' };
    for (let attempt = 0; attempt < 2; attempt++) {
      const published = await worker.post('/api/messages', message);
      assert.equal(published.status, 200);
      const outcome = (await published.json()) as { state: string; caseId: string };
      assert.deepEqual([outcome.state, outcome.caseId], ['correlated', created.id]);
    }

    const ended = await eventually('the case to complete by its timer', async () => {
      const found = await alice.get<CaseView>(`/api/cases/${created.id}`);
      return found.status === 'completed' ? found : undefined;
    });
    assert.equal(ended.variables.tracking, 'T-9');
    const timeline = await walter.get<{ items: { kind: string; event?: string; element?: string }[] }>(
      `/api/cases/${created.id}/timeline`,
    );
    const events = timeline.items.filter((entry) => entry.kind === 'event').map((entry) => entry.event);
    assert.deepEqual(events, ['start', 'userTaskCompleted', 'jobCompleted', 'messageReceived', 'timerFired']);
    const elements = timeline.items.filter((entry) => entry.kind === 'element').map((entry) => entry.element);
    for (const element of ['start', 'review', 'decide', 'ship', 'paid', 'late', 'done'])
      assert.ok(elements.includes(element), `${element} in the timeline: ${elements.join(', ')}`);
  });

  it('starts a process with a message start event from POST /api/messages, once per message id', async () => {
    const worker = await as('contoso', 'svc-worker');
    const body = { name: 'signup', variables: { email: 'a@b.c' }, messageId: 'signup-1' };
    const first = (await (await worker.post('/api/messages', body)).json()) as { startedCases?: string[] };
    const again = (await (await worker.post('/api/messages', body)).json()) as { startedCases?: string[] };
    assert.equal(first.startedCases?.length, 1);
    assert.deepEqual(again.startedCases, first.startedCases);
    const caseId = first.startedCases![0]!;
    await openTask('walter', caseId, 'greet');
    const alice = await as('contoso', 'alice');
    const found = await alice.get<CaseView>(`/api/cases/${caseId}`);
    assert.deepEqual([found.processKey, found.variables.email], ['welcome', 'a@b.c']);
  });
});

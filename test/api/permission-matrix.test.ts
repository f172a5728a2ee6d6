import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CosmosClient } from '@azure/cosmos';
import { createLocalCosmosClient } from '../../local/emulators/index.js';
import { startLocalCloud, type LocalCloud } from '../../local/start-local-cloud.js';
import { cosmosContainers, cosmosDatabase, readSetting } from '../../shared/config/registry.js';
import { incidentIdFor, type IncidentDocument } from '../../shared/incidents/incident-document.js';
import { createExternalJob } from '../support/external-job.js';
import { executableProcess } from '../support/models.js';
import {
  apiOperations,
  sampleValue,
  wrongTypeValue,
  type ApiOperation,
} from '../support/openapi-operations.js';
import { repositoryRoot } from '../support/paths.js';
import { makeTempDir } from '../support/temp-dir.js';
import { eventually } from '../support/caseflow-api.js';

/** Strings only tenant A's seeded data holds: none may appear in an answer to a caller who may not see it. */
const secretMarkers = [
  'matrix-secret-variable',
  'MATRIX-BUSINESS-KEY',
  'Review the matrix claim',
  'matrix-job-secret',
  'matrix-incident-secret',
  'matrix-connector.invalid',
  'matrix-attachment-secret',
];

const matrixModel = executableProcess(
  `<bpmn:startEvent id="start" />
  <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="review" />
  <bpmn:userTask id="review" name="Review the matrix claim" />
  <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="end" />
  <bpmn:endEvent id="end" />`,
  'matrix',
);

interface Caller {
  readonly label: string;
  readonly tenantId?: string;
  readonly userId?: string;
  readonly roles: readonly string[];
  readonly authorization?: string;
}

interface Answer {
  readonly status: number;
  readonly text: string;
  readonly code?: string;
}

describe('the permission matrix on the local cloud, driven by the OpenAPI document', () => {
  const dataDir = makeTempDir('permission-matrix');
  let cloud: LocalCloud;
  let cosmos: CosmosClient;
  const tokens = new Map<string, string>();
  const ids: Record<string, string> = {};

  before(async () => {
    cloud = await startLocalCloud({ appRoot: repositoryRoot, dataDir: dataDir.path, ports: 'free' });
    cosmos = createLocalCosmosClient(cloud.emulators.cosmos);
    await seedTenantA();
  });
  after(async () => {
    cosmos?.dispose();
    await cloud?.stop();
    dataDir.remove();
  });

  async function token(tenantId: string, userId: string): Promise<string> {
    const key = `${tenantId}/${userId}`;
    if (!tokens.has(key)) {
      const response = await fetch(`${cloud.host.url}/api/dev/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ tenantId, userId }),
      });
      assert.equal(response.status, 200);
      tokens.set(key, ((await response.json()) as { accessToken: string }).accessToken);
    }
    return tokens.get(key)!;
  }

  async function send(
    authorization: string | undefined,
    method: string,
    path: string,
    body?: string,
    contentType = 'application/json',
  ): Promise<Answer> {
    const response = await fetch(`${cloud.host.url}/api${path}`, {
      method,
      headers: {
        ...(authorization ? { authorization } : {}),
        ...(body !== undefined ? { 'content-type': contentType } : {}),
      },
      ...(body !== undefined ? { body } : {}),
    });
    const text = await response.text();
    let code: string | undefined;
    if ((response.headers.get('content-type') ?? '').startsWith('application/problem+json')) {
      code = (JSON.parse(text) as { code: string }).code;
    }
    return { status: response.status, text, ...(code ? { code } : {}) };
  }

  async function as(tenantId: string, userId: string) {
    const authorization = `Bearer ${await token(tenantId, userId)}`;
    return (method: string, path: string, body?: unknown) =>
      send(authorization, method, path, body === undefined ? undefined : JSON.stringify(body));
  }

  const container = (name: string) => cosmos.database(cosmosDatabase.name).container(name);

  /** Tenant A (contoso): a model, a case started by walter with his claimed task and an attachment, a job, an incident, a connector, an email template and trigger, a message. */
  async function seedTenantA(): Promise<void> {
    const dave = `Bearer ${await token('contoso', 'dave')}`;
    const uploaded = await send(dave, 'POST', '/models', matrixModel, 'application/xml');
    assert.equal(uploaded.status, 201, uploaded.text);
    ids.model = (JSON.parse(uploaded.text) as { id: string }).id;

    const walter = await as('contoso', 'walter');
    const started = await walter('POST', '/cases', {
      processKey: 'matrix',
      businessKey: 'MATRIX-BUSINESS-KEY',
      variables: { note: 'matrix-secret-variable' },
    });
    assert.equal(started.status, 201, started.text);
    ids.case = (JSON.parse(started.text) as { id: string }).id;
    ids.task = await eventually('the review task', async () => {
      const { items } = JSON.parse((await walter('GET', '/tasks?scope=offered')).text) as {
        items: { id: string; caseId: string }[];
      };
      return items.find((task) => task.caseId === ids.case)?.id;
    });
    assert.equal((await walter('POST', `/tasks/${ids.task}/claim`)).status, 200);
    const attached = await send(
      `Bearer ${await token('contoso', 'walter')}`,
      'POST',
      `/cases/${ids.case}/attachments?name=matrix-attachment-secret.txt`,
      'matrix-attachment-secret',
      'text/plain',
    );
    assert.equal(attached.status, 201, attached.text);
    ids.attachment = (JSON.parse(attached.text) as { id: string }).id;
    // The case applies the upload's timeline event (inbox event 2, after the start) before the snapshots.
    await eventually('the attachment event applied', async () => {
      const { resource } = await container(cosmosContainers.cases.name)
        .item(ids.case!, 'contoso')
        .read<{ lastApplied: number }>();
      return (resource?.lastApplied ?? 0) >= 2 ? true : undefined;
    });

    ids.job = await createExternalJob(container(cosmosContainers.jobs.name), {
      caseId: 'case-matrix-job',
      jobType: 'matrix-type',
      processKey: 'matrix',
      variables: { secret: 'matrix-job-secret' },
    });

    const incident = {
      id: incidentIdFor('contoso', 'case-matrix-incident', 'i1'),
      tenantId: 'contoso',
      caseId: 'case-matrix-incident',
      processKey: 'matrix',
      incident: 'i1',
      element: 'charge',
      code: 'job-failed',
      message: 'matrix-incident-secret',
      state: 'open',
      createdAt: new Date().toISOString(),
    } satisfies IncidentDocument;
    await container(cosmosContainers.incidents.name).items.create(incident);
    ids.incident = incident.id;

    const alice = await as('contoso', 'alice');
    const connector = await alice('PUT', '/connectors/crm', {
      environments: {
        development: { baseUrl: 'https://matrix-connector.invalid', authentication: { kind: 'none' } },
      },
      operations: { getCustomer: { method: 'GET', path: '/customers/{id}' } },
    });
    assert.equal(connector.status, 201, connector.text);
    ids.connector = 'crm';
    ids.operation = 'getCustomer';

    const template = await alice('PUT', '/email/templates/matrix-notice', {
      subject: 'Matrix notice {{ caseId }}',
      text: 'Only contoso sees this template.',
    });
    assert.equal(template.status, 200, template.text);
    ids.emailTemplate = 'matrix-notice';

    const trigger = await alice('PUT', '/email/triggers/matrix-trigger', {
      recipient: 'matrix-intake@contoso.example',
      processKey: 'matrix',
    });
    assert.equal(trigger.status, 200, trigger.text);
    ids.emailTrigger = 'matrix-trigger';

    const svc = await as('contoso', 'svc-worker');
    const message = await svc('POST', '/messages', {
      name: 'matrix-message',
      correlationKey: 'k',
      variables: { secret: 'matrix-secret-variable' },
    });
    assert.equal(message.status, 200, message.text);
  }

  /** A snapshot of every document of a tenant: id -> etag, so any write shows. */
  async function snapshot(tenantId: string): Promise<Record<string, string>> {
    const entries: [string, string][] = [];
    for (const { name } of Object.values(cosmosContainers)) {
      const { resources } = await container(name)
        .items.query<{ id: string; _etag: string }>({
          query: 'SELECT c.id, c._etag FROM c WHERE c.tenantId = @tenantId',
          parameters: [{ name: '@tenantId', value: tenantId }],
        })
        .fetchAll();
      for (const resource of resources) entries.push([`${name}/${resource.id}`, resource._etag]);
    }
    return Object.fromEntries(entries.sort());
  }

  /** The real id for each path parameter, by the collection the path names. */
  function realPath(operation: ApiOperation): string {
    return operation.path.replace(/\{(\w+)\}/g, (_whole, name: string) => {
      if (name === 'key') return 'matrix';
      if (name === 'version') return '1';
      if (name === 'operation') return ids.operation!;
      if (name === 'attachmentId') return ids.attachment!;
      // Email resources are named by the path's second segment (`/email/templates/{name}`).
      const [, first, second] = operation.path.split('/');
      const collection = first === 'email' ? `email/${second}` : first!;
      const byCollection: Record<string, string | undefined> = {
        models: ids.model,
        cases: ids.case,
        tasks: ids.task,
        jobs: ids.job,
        incidents: ids.incident,
        connectors: ids.connector,
        'email/templates': ids.emailTemplate,
        'email/triggers': ids.emailTrigger,
      };
      const id = byCollection[collection];
      assert.ok(id, `no seeded resource for ${operation.path}: seed one`);
      return id;
    });
  }

  const unknownPath = (operation: ApiOperation) =>
    operation.path.replace(/\{(\w+)\}/g, (_whole, name: string) =>
      name === 'version' ? '999' : 'matrix-unknown',
    );

  const sampleBody = (operation: ApiOperation) =>
    operation.jsonBodySchema ? JSON.stringify(sampleValue(operation.jsonBodySchema)) : undefined;

  function callers(): Caller[] {
    const users: [string, string, string][] = [
      ['contoso', 'alice', 'admin'],
      ['contoso', 'dave', 'designer'],
      ['contoso', 'walter', 'worker'],
      ['contoso', 'wendy', 'worker'],
      ['contoso', 'svc-worker', 'automation'],
      ['fabrikam', 'frank', 'admin'],
      ['fabrikam', 'fiona', 'designer'],
      ['fabrikam', 'fred', 'worker'],
      ['fabrikam', 'svc-worker', 'automation'],
    ];
    return [
      ...users.map(([tenantId, userId, role]) => ({
        label: `${tenantId}/${userId} (${role})`,
        tenantId,
        userId,
        roles: [role],
        authorization: `Bearer ${tokens.get(`${tenantId}/${userId}`)}`,
      })),
      { label: 'no token', roles: [] },
      { label: 'malformed token', roles: [], authorization: 'Bearer not-a-token' },
      { label: 'forged token', roles: [], authorization: `Bearer ${forged()}` },
    ];
  }

  /** alice's token with its claims changed to fabrikam's: the signature no longer holds. */
  function forged(): string {
    const [header, claims, signature] = tokens.get('contoso/alice')!.split('.') as [string, string, string];
    const changed = {
      ...(JSON.parse(Buffer.from(claims, 'base64url').toString()) as object),
      tid: 'fabrikam',
    };
    return `${header}.${Buffer.from(JSON.stringify(changed)).toString('base64url')}.${signature}`;
  }

  /** Who may see a case or task by record rules: admins, designers and walter (starter and assignee). */
  const seesRecords = (caller: Caller) =>
    caller.roles.includes('admin') || caller.roles.includes('designer') || caller.userId === 'walter';
  const isRecordPath = (operation: ApiOperation) => /^\/(cases|tasks)\/\{id\}/.test(operation.path);

  interface Check {
    readonly caller: Caller;
    readonly operation: ApiOperation;
    readonly request: { path: string; body?: string; contentType?: string };
    readonly expected: readonly number[];
    readonly code?: string;
    /** The answer may not carry tenant A's data. */
    readonly mustNotLeak: boolean;
  }

  /** The expected outcome of one caller on one operation, from `x-caseflow-roles` and the record rules. */
  function checkFor(caller: Caller, operation: ApiOperation): Check | undefined {
    const base = { caller, operation };
    const realRequest = { path: realPath(operation), body: sampleBody(operation) };
    const mutation = operation.method !== 'GET';
    if (operation.isPublic) {
      if (mutation) return undefined;
      return { ...base, request: realRequest, expected: [200], mustNotLeak: true };
    }
    if (!caller.tenantId) {
      return {
        ...base,
        request: realRequest,
        expected: [401],
        code: 'auth.unauthenticated',
        mustNotLeak: true,
      };
    }
    if (operation.roles && !operation.roles.some((role) => caller.roles.includes(role))) {
      return { ...base, request: realRequest, expected: [403], code: 'auth.forbidden', mustNotLeak: true };
    }
    const hasIds = operation.pathParameters.length > 0;
    // A PUT creates what it names when absent (the name is the caller's tenant's own): proven past the
    // permission check by a media type no operation accepts, which changes nothing.
    if (mutation && operation.method === 'PUT') {
      return {
        ...base,
        request: { path: realPath(operation), body: 'matrix', contentType: 'application/x-matrix' },
        expected: [415],
        code: 'http.unsupported-media-type',
        mustNotLeak: true,
      };
    }
    if (caller.tenantId !== 'contoso') {
      // Another tenant: tenant A's ids are unknown (a body the schema sample cannot satisfy may be refused first).
      if (hasIds)
        return { ...base, request: realRequest, expected: mutation ? [404, 400] : [404], mustNotLeak: true };
      // A collection of the caller's own tenant: lists may answer, but with none of tenant A's data.
      return mutation ? undefined : { ...base, request: realRequest, expected: [200], mustNotLeak: true };
    }
    if (isRecordPath(operation) && !seesRecords(caller)) {
      return { ...base, request: realRequest, expected: mutation ? [404, 400] : [404], mustNotLeak: true };
    }
    if (!mutation) {
      return { ...base, request: realRequest, expected: [200], mustNotLeak: false };
    }
    // Allowed to change: proven past the permission check without changing the seeded data, by unknown ids
    // (404) or, for a create, a media type no operation accepts (415).
    if (hasIds)
      return {
        ...base,
        request: { path: unknownPath(operation), body: sampleBody(operation) },
        expected: [404, 400],
        mustNotLeak: false,
      };
    return {
      ...base,
      request: { path: operation.path, body: 'matrix', contentType: 'application/x-matrix' },
      expected: [415],
      code: 'http.unsupported-media-type',
      mustNotLeak: false,
    };
  }

  it('gives every caller on every operation the outcome its roles, tenant and record rules allow, leaking nothing', async () => {
    for (const [tenantId, userId] of [
      ['contoso', 'alice'],
      ['contoso', 'dave'],
      ['contoso', 'wendy'],
      ['fabrikam', 'frank'],
      ['fabrikam', 'fiona'],
      ['fabrikam', 'fred'],
      ['fabrikam', 'svc-worker'],
    ] as const)
      await token(tenantId, userId);
    const beforeA = await snapshot('contoso');
    const beforeB = await snapshot('fabrikam');
    const checks = apiOperations.flatMap((operation) =>
      callers().flatMap((caller) => checkFor(caller, operation) ?? []),
    );
    assert.ok(checks.length > 300, `only ${checks.length} checks`);
    const failures: string[] = [];
    // Moderate parallelism: the whole matrix runs in seconds without swamping two cores.
    for (let index = 0; index < checks.length; index += 12) {
      await Promise.all(
        checks.slice(index, index + 12).map(async (check) => {
          const { caller, operation, request } = check;
          const answer = await send(
            caller.authorization,
            operation.method,
            request.path,
            request.body,
            request.contentType,
          );
          const what = `${caller.label} ${operation.method} ${request.path} (${operation.operationId})`;
          if (!check.expected.includes(answer.status)) {
            failures.push(
              `${what}: ${answer.status} ${answer.text.slice(0, 200)}, expected ${check.expected.join('/')}`,
            );
          } else if (check.code && answer.code !== check.code) {
            failures.push(`${what}: code ${answer.code}, expected ${check.code}`);
          } else if (answer.status >= 400 && answer.code === undefined) {
            failures.push(`${what}: ${answer.status} without problem+json`);
          } else if (answer.status === 401 && !answer.text.includes('auth.unauthenticated')) {
            failures.push(`${what}: 401 without its code`);
          }
          const leaked = check.mustNotLeak
            ? secretMarkers.filter((marker) => answer.text.includes(marker))
            : [];
          if (leaked.length > 0) failures.push(`${what}: the answer holds ${leaked.join(', ')}`);
        }),
      );
    }
    assert.deepEqual(failures, []);
    assert.deepEqual(await snapshot('contoso'), beforeA, 'the matrix changed tenant A');
    assert.deepEqual(await snapshot('fabrikam'), beforeB, 'the matrix changed tenant B');
  });

  it('lets a worker see only the cases they started or work on and the tasks assigned or offered to them', async () => {
    const walter = await as('contoso', 'walter');
    const wendy = await as('contoso', 'wendy');
    const caseIds = async (user: typeof walter) =>
      (JSON.parse((await user('GET', '/cases')).text) as { items: { id: string }[] }).items.map(
        (item) => item.id,
      );
    const taskIds = async (user: typeof walter, scope: string) =>
      (
        JSON.parse((await user('GET', `/tasks?scope=${scope}`)).text) as { items: { id: string }[] }
      ).items.map((item) => item.id);
    assert.ok((await caseIds(walter)).includes(ids.case!));
    assert.ok(!(await caseIds(wendy)).includes(ids.case!));
    assert.ok((await taskIds(walter, 'mine')).includes(ids.task!));
    for (const scope of ['mine', 'offered', 'involved']) {
      assert.ok(!(await taskIds(wendy, scope)).includes(ids.task!), `wendy's ${scope} tasks`);
    }
    assert.equal((await wendy('GET', '/tasks?scope=all')).status, 403);
    // Once offered to everyone again, wendy sees the task (not the case: she neither started nor works on it).
    assert.equal((await walter('POST', `/tasks/${ids.task}/unclaim`)).status, 200);
    assert.ok((await taskIds(wendy, 'offered')).includes(ids.task!));
    assert.equal((await wendy('GET', `/tasks/${ids.task}`)).status, 200);
    assert.equal((await walter('POST', `/tasks/${ids.task}/claim`)).status, 200);
    assert.equal((await wendy('GET', `/tasks/${ids.task}`)).status, 404);
    // A designer sees every case but may not cancel one they did not start.
    const dave = await as('contoso', 'dave');
    assert.equal((await dave('GET', `/cases/${ids.case}`)).status, 200);
    assert.equal((await dave('POST', `/cases/${ids.case}/cancel`)).status, 403);
  });

  /** A contoso user allowed to call the operation, and who sees the seeded records. */
  function allowedUser(operation: ApiOperation): string {
    const byRole: Record<string, string> = { admin: 'alice', designer: 'dave', automation: 'svc-worker' };
    return operation.roles ? byRole[operation.roles[0]!]! : 'walter';
  }

  it('refuses bad input on every endpoint with a 4xx problem and a stable code, changing nothing', async () => {
    for (const userId of ['alice', 'dave', 'walter', 'svc-worker']) await token('contoso', userId);
    const before = await snapshot('contoso');
    const huge = JSON.stringify({ filler: 'x'.repeat(readSetting('maxJsonBodyBytes') + 1024) });
    const cases: {
      operation: ApiOperation;
      what: string;
      path: string;
      body?: string;
      contentType?: string;
      expected: [number, string];
      orFirstPage?: boolean;
    }[] = [];
    for (const operation of apiOperations.filter((candidate) => !candidate.isPublic)) {
      const path = realPath(operation);
      const schema = operation.jsonBodySchema;
      if (schema) {
        cases.push({
          operation,
          what: 'malformed JSON',
          path,
          body: '{"broken":',
          expected: [400, 'http.invalid-json'],
        });
        cases.push({
          operation,
          what: 'a JSON array',
          path,
          body: '[]',
          expected: [400, 'http.validation-failed'],
        });
        cases.push({
          operation,
          what: 'a huge body',
          path,
          body: huge,
          expected: [413, 'http.body-too-large'],
        });
        cases.push({
          operation,
          what: 'text/plain',
          path,
          body: 'x',
          contentType: 'text/plain',
          expected: [415, 'http.unsupported-media-type'],
        });
        for (const field of schema.required ?? []) {
          const body = {
            ...(sampleValue(schema) as object),
            [field]: wrongTypeValue(schema.properties?.[field] ?? {}),
          };
          cases.push({
            operation,
            what: `${field} of the wrong type`,
            path,
            body: JSON.stringify(body),
            expected: [400, 'http.validation-failed'],
          });
        }
      }
      if (operation.method === 'GET' && operation.pathParameters.includes('id')) {
        const notFound = operation.path.startsWith('/cases')
          ? 'cases.not-found'
          : operation.path.startsWith('/tasks')
            ? 'tasks.not-found'
            : undefined;
        cases.push({
          operation,
          what: 'an unknown id',
          path: unknownPath(operation),
          expected: [404, notFound ?? ''],
        });
      }
      const names = operation.queryParameters.map((parameter) => parameter.name);
      if (names.includes('limit')) {
        for (const limit of ['0', '201', 'ten', '1.5'])
          cases.push({
            operation,
            what: `limit=${limit}`,
            path: `${path}?limit=${limit}`,
            expected: [400, 'http.validation-failed'],
          });
      }
      if (names.includes('continuationToken')) {
        cases.push({
          operation,
          what: 'a bad continuation token',
          path: `${path}?continuationToken=not-a-token`,
          expected: [400, 'storage.invalid-continuation'],
          // The local Cosmos DB emulator reads an unknown token as "from the start"; Azure refuses it (400).
          orFirstPage: true,
        });
      }
      for (const parameter of operation.queryParameters.filter((candidate) => candidate.schema.enum)) {
        cases.push({
          operation,
          what: `${parameter.name} outside its values`,
          path: `${path}?${parameter.name}=nonsense`,
          expected: [400, 'http.validation-failed'],
        });
      }
    }
    assert.ok(cases.length > 100, `only ${cases.length} bad inputs`);
    const failures: string[] = [];
    for (let index = 0; index < cases.length; index += 8) {
      await Promise.all(
        cases.slice(index, index + 8).map(async (bad) => {
          const authorization = `Bearer ${tokens.get(`contoso/${allowedUser(bad.operation)}`)}`;
          const answer = await send(authorization, bad.operation.method, bad.path, bad.body, bad.contentType);
          const [status, code] = bad.expected;
          const what = `${bad.operation.operationId} with ${bad.what}`;
          if (bad.orFirstPage && answer.status === 200) return;
          if (
            answer.status !== status ||
            (code !== '' && answer.code !== code) ||
            answer.code === undefined
          ) {
            failures.push(
              `${what}: ${answer.status} ${answer.code ?? answer.text.slice(0, 120)}, expected ${status} ${code}`,
            );
          }
        }),
      );
    }
    assert.deepEqual(failures, []);
    assert.deepEqual(await snapshot('contoso'), before, 'bad input changed tenant A');
  });
});

/**
 * The Cases API: start (idempotent per business key), search with continuation paging, read, timeline,
 * cancel, comments, and admins' variable changes. Every change to a running case goes through its inbox.
 */
import { randomUUID } from 'node:crypto';
import type { InvocationContext } from '@azure/functions';
import type { CaseDocument, CommentDocument, TimelineDocument } from '../../shared/cases/case-documents.js';
import { CasesService } from '../../shared/cases/cases-service.js';
import { validationFailed } from '../../shared/http/body.js';
import type { Principal } from '../../shared/identity/principal.js';
import type { Stored } from '../../shared/storage/tenant-repository.js';
import { caseRuntime } from '../cases/case-runtime.js';
import { apiRoute, json } from './api-route.js';
import {
  instantQuery,
  isVariableName,
  jsonObject,
  oneOf,
  optionalString,
  pageSize,
  requiredString,
  variablesField,
} from './json-request.js';
import { durableClientOf } from '../durable/durable-client.js';

const caseStatuses = ['active', 'completed', 'terminated', 'failed'] as const;
const variableFilterPrefix = 'var.';

/** The Cases API use cases for one caller and invocation (the attachments API reads cases through it too). */
export function casesService(principal: Principal, context: InvocationContext): CasesService {
  const runtime = caseRuntime(durableClientOf(context));
  const definitions = runtime.definitions(principal.tenantId);
  return new CasesService(
    principal,
    runtime.stores(principal.tenantId),
    runtime.tasks(principal.tenantId),
    runtime.starter,
    runtime.inbox,
    randomUUID,
    () => new Date(),
    (id) => definitions.visibilityRules(id),
  );
}

apiRoute({
  name: 'startCase',
  method: 'POST',
  route: 'cases',
  durableClient: true,
  async handler(request, principal, context) {
    const body = await jsonObject(request);
    const processKey = requiredString(body, 'processKey');
    const businessKey = optionalString(body, 'businessKey');
    const variables = variablesField(body);
    const { case: started, created } = await casesService(principal, context).start(
      processKey,
      variables,
      businessKey,
    );
    return json(created ? 201 : 200, caseView(started));
  },
});

apiRoute({
  name: 'listCases',
  method: 'GET',
  route: 'cases',
  durableClient: true,
  async handler(request, principal, context) {
    const variables: Record<string, unknown> = {};
    for (const [name, raw] of request.query.entries()) {
      if (!name.startsWith(variableFilterPrefix)) continue;
      const variable = name.slice(variableFilterPrefix.length);
      if (!isVariableName(variable))
        throw validationFailed([{ field: name, message: 'is not a valid name' }]);
      variables[variable] = parseFilterValue(raw);
    }
    const status = oneOf(request, 'status', caseStatuses);
    const startedAfter = instantQuery(request, 'startedAfter');
    const startedBefore = instantQuery(request, 'startedBefore');
    const text = (field: string) => request.query.get(field) ?? undefined;
    const processKey = text('processKey');
    const businessKey = text('businessKey');
    const startedBy = text('startedBy');
    const continuationToken = text('continuationToken');
    const page = await casesService(principal, context).search({
      ...(processKey !== undefined ? { processKey } : {}),
      ...(status !== undefined ? { status } : {}),
      ...(businessKey !== undefined ? { businessKey } : {}),
      ...(startedBy !== undefined ? { startedBy } : {}),
      ...(startedAfter !== undefined ? { startedAfter } : {}),
      ...(startedBefore !== undefined ? { startedBefore } : {}),
      variables,
      limit: pageSize(request.query.get('limit')),
      ...(continuationToken !== undefined ? { continuationToken } : {}),
    });
    return json(200, {
      items: page.items.map(caseView),
      ...(page.continuationToken ? { continuationToken: page.continuationToken } : {}),
    });
  },
});

apiRoute({
  name: 'getCase',
  method: 'GET',
  route: 'cases/{id}',
  durableClient: true,
  async handler(request, principal, context) {
    return json(200, caseView(await casesService(principal, context).read(request.params.id ?? '')));
  },
});

apiRoute({
  name: 'getCaseTimeline',
  method: 'GET',
  route: 'cases/{id}/timeline',
  durableClient: true,
  async handler(request, principal, context) {
    const entries = await casesService(principal, context).timeline(request.params.id ?? '');
    return json(200, { items: entries.map(timelineView) });
  },
});

apiRoute({
  name: 'cancelCase',
  method: 'POST',
  route: 'cases/{id}/cancel',
  durableClient: true,
  async handler(request, principal, context) {
    await casesService(principal, context).cancel(request.params.id ?? '');
    return json(202, { accepted: true });
  },
});

apiRoute({
  name: 'setCaseVariables',
  method: 'POST',
  route: 'cases/{id}/variables',
  roles: ['admin'],
  durableClient: true,
  async handler(request, principal, context) {
    const body = await jsonObject(request);
    const variables = variablesField(body);
    if (Object.keys(variables).length === 0) {
      throw validationFailed([{ field: 'variables', message: 'must name at least one variable' }]);
    }
    const requestId = request.headers.get('idempotency-key') ?? randomUUID();
    await casesService(principal, context).setVariables(request.params.id ?? '', variables, requestId);
    return json(202, { accepted: true });
  },
});

apiRoute({
  name: 'listCaseComments',
  method: 'GET',
  route: 'cases/{id}/comments',
  durableClient: true,
  async handler(request, principal, context) {
    const comments = await casesService(principal, context).comments(request.params.id ?? '');
    return json(200, { items: comments.map(commentView) });
  },
});

apiRoute({
  name: 'addCaseComment',
  method: 'POST',
  route: 'cases/{id}/comments',
  durableClient: true,
  async handler(request, principal, context) {
    const text = requiredString(await jsonObject(request), 'text', 4000);
    const comment = await casesService(principal, context).addComment(request.params.id ?? '', text);
    return json(201, commentView(comment));
  },
});

/** `var.x=...` filters: a JSON value (`42`, `true`, `"text"`), else the text itself. */
function parseFilterValue(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

export function caseView(document: Stored<CaseDocument>) {
  return {
    id: document.id,
    processKey: document.processKey,
    version: document.version,
    ...(document.businessKey !== undefined ? { businessKey: document.businessKey } : {}),
    status: document.status,
    startedBy: document.startedBy,
    startedAt: document.startedAt,
    ...(document.endedAt !== undefined ? { endedAt: document.endedAt } : {}),
    ...(document.parent ? { parent: document.parent } : {}),
    ...(document.error ? { error: document.error } : {}),
    ...(document.stuck ? { stuck: document.stuck } : {}),
    variables: document.variables,
    activeElements: document.activeElements,
  };
}

function timelineView(entry: Stored<TimelineDocument>) {
  return { seq: entry.seq, at: entry.at, actor: entry.actor, ...entry.what };
}

function commentView(comment: Stored<CommentDocument>) {
  return { id: comment.id, author: comment.author, text: comment.text, at: comment.at };
}

/**
 * The Tasks API (Work Portal inbox): my tasks, tasks offered to me or my groups, filters, sort, paging;
 * read; claim, unclaim, assign, delegate; complete with variables (through the case's inbox).
 * The list is conditional (`ETag`, `If-None-Match`) and can wait for a change (`Prefer: wait`), so a live
 * inbox asks "anything new?" once a while instead of polling.
 */
import type { InvocationContext } from '@azure/functions';
import type { TaskDocument } from '../../shared/cases/task-documents.js';
import { noneMatchNames, taskPageEtag } from '../../shared/cases/task-page-etag.js';
import { TasksService } from '../../shared/cases/tasks-service.js';
import { validationFailed } from '../../shared/http/body.js';
import { preferredWaitSeconds } from '../../shared/http/prefer-wait.js';
import { longPoll, longPollRecheckMs, maxLongPollMs } from '../../shared/signals/long-poll.js';
import type { Principal } from '../../shared/identity/principal.js';
import type { Stored } from '../../shared/storage/tenant-repository.js';
import { caseRuntime, taskArrivals } from '../cases/case-runtime.js';
import { apiRoute, json } from './api-route.js';
import { instantQuery, jsonObject, oneOf, pageSize, requiredString, variablesField } from './json-request.js';
import { unstored, without } from '../../shared/storage/stored-document.js';
import { durableClientOf } from '../durable/durable-client.js';

function service(principal: Principal, context: InvocationContext): TasksService {
  const runtime = caseRuntime(durableClientOf(context));
  const definitions = runtime.definitions(principal.tenantId);
  return new TasksService(
    principal,
    runtime.tasks(principal.tenantId),
    runtime.inbox,
    () => new Date(),
    (id) => definitions.graph(id),
  );
}

apiRoute({
  name: 'listTasks',
  method: 'GET',
  route: 'tasks',
  durableClient: true,
  async handler(request, principal, context) {
    const text = (field: string) => request.query.get(field) ?? undefined;
    const rawPriority = text('priority');
    const priority = rawPriority === undefined ? undefined : Number(rawPriority);
    if (priority !== undefined && !Number.isSafeInteger(priority)) {
      throw validationFailed([{ field: 'priority', message: 'must be an integer' }]);
    }
    const processKey = text('processKey');
    const businessKey = text('businessKey');
    const dueBefore = instantQuery(request, 'dueBefore');
    const dueAfter = instantQuery(request, 'dueAfter');
    const continuationToken = text('continuationToken');
    const scope = oneOf(request, 'scope', ['mine', 'offered', 'involved', 'all'] as const) ?? 'mine';
    const search = {
      scope,
      status: oneOf(request, 'status', ['open', 'completed', 'cancelled'] as const) ?? 'open',
      ...(processKey !== undefined ? { processKey } : {}),
      ...(businessKey !== undefined ? { businessKey } : {}),
      ...(dueBefore !== undefined ? { dueBefore } : {}),
      ...(dueAfter !== undefined ? { dueAfter } : {}),
      ...(priority !== undefined ? { priority } : {}),
      sort: oneOf(request, 'sort', ['created', 'due', 'priority'] as const) ?? 'created',
      descending: (oneOf(request, 'order', ['asc', 'desc'] as const) ?? 'asc') === 'desc',
      limit: pageSize(request.query.get('limit')),
      ...(continuationToken !== undefined ? { continuationToken } : {}),
    };
    const waitSeconds = preferredWaitSeconds(request.headers.get('prefer'), {
      min: 1,
      max: maxLongPollMs / 1000,
    });
    const ifNoneMatch = request.headers.get('if-none-match');
    // Without a tag seen before there is nothing to wait for a change of.
    const waitMs = ifNoneMatch !== null && waitSeconds !== undefined ? waitSeconds * 1000 : 0;
    const tasks = service(principal, context);
    const query = async () => {
      const page = await tasks.search(search);
      return { page, etag: taskPageEtag(page) };
    };
    const changed = ({ etag }: { etag: string }) =>
      ifNoneMatch === null || !noneMatchNames(ifNoneMatch, etag);
    // The Functions HTTP request offers no abort signal: a client that goes away is waited for to the end.
    const { page, etag } = await longPoll(query, changed, {
      listen: (wake) => taskArrivals.listen(principal, wake, { everyTask: scope === 'all' }),
      timeoutMs: waitMs,
      recheckMs: longPollRecheckMs,
    });
    const headers = { etag, ...(waitMs > 0 ? { 'preference-applied': `wait=${waitSeconds}` } : {}) };
    if (!changed({ etag })) return { status: 304, headers };
    return {
      ...json(200, {
        items: page.items.map(taskView),
        ...(page.continuationToken ? { continuationToken: page.continuationToken } : {}),
      }),
      headers,
    };
  },
});

apiRoute({
  name: 'getTask',
  method: 'GET',
  route: 'tasks/{id}',
  durableClient: true,
  async handler(request, principal, context) {
    const tasks = service(principal, context);
    const task = await tasks.get(request.params.id ?? '');
    return json(200, { ...taskView(task), form: await tasks.form(task) });
  },
});

for (const action of ['claim', 'unclaim'] as const) {
  apiRoute({
    name: `${action}Task`,
    method: 'POST',
    route: `tasks/{id}/${action}`,
    durableClient: true,
    async handler(request, principal, context) {
      return json(200, taskView(await service(principal, context)[action](request.params.id ?? '')));
    },
  });
}

for (const action of ['assign', 'delegate'] as const) {
  apiRoute({
    name: `${action}Task`,
    method: 'POST',
    route: `tasks/{id}/${action}`,
    durableClient: true,
    async handler(request, principal, context) {
      const assignee = requiredString(await jsonObject(request), 'assignee');
      return json(
        200,
        taskView(await service(principal, context)[action](request.params.id ?? '', assignee)),
      );
    },
  });
}

apiRoute({
  name: 'completeTask',
  method: 'POST',
  route: 'tasks/{id}/complete',
  durableClient: true,
  async handler(request, principal, context) {
    const variables = variablesField(await jsonObject(request));
    return json(
      200,
      taskView(await service(principal, context).complete(request.params.id ?? '', variables)),
    );
  },
});

function taskView(task: Stored<TaskDocument>) {
  return { ...without(unstored(task), 'type', 'variables'), etag: task._etag };
}

/**
 * The Durable HTTP management API (`/runtime/webhooks/durabletask/...` on the host port) that the JS
 * DurableClient calls: start, status, query with continuation, raise event, terminate, suspend/resume, purge.
 * Answers follow the Durable extension's HttpApiHandler (202 while running, 410 for a finished instance, ...).
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { managementPathPrefix, managementUrls } from './client-binding.js';
import type { DurableBackend } from './durable-backend.js';
import { EventType, historyEvent } from './history-events.js';
import { releaseLocks } from './entity-actions.js';
import {
  isTerminal,
  runtimeStatuses,
  type InstanceDocument,
  type RuntimeStatus,
} from './instance-document.js';
import { InstanceConflictError, type InstanceQuery } from './instance-store.js';
import { newInstanceDocument } from './orchestration-step.js';
import { statusPayload } from './status-payload.js';

interface ApiRequest {
  method: string;
  segments: string[];
  query: URLSearchParams;
  body: string;
  baseUrl: string;
  continuationToken: string | undefined;
}

interface ApiResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export function isManagementPath(pathname: string): boolean {
  return pathname === managementPathPrefix || pathname.startsWith(`${managementPathPrefix}/`);
}

export async function handleManagementRequest(
  backend: DurableBackend,
  hubName: string,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const url = new URL(request.url ?? '/', `http://${request.headers.host ?? 'localhost'}`);
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const token = request.headers['x-ms-continuation-token'];
  const apiRequest: ApiRequest = {
    method: request.method ?? 'GET',
    // The JS client does not encode ids or event names in paths: decode leniently.
    segments: url.pathname.slice(managementPathPrefix.length).split('/').filter(Boolean).map(lenientDecode),
    query: url.searchParams,
    body: Buffer.concat(chunks).toString('utf8'),
    baseUrl: `${url.origin}${managementPathPrefix}`,
    continuationToken: typeof token === 'string' && token !== '' ? token : undefined,
  };
  const answer = await route(backend, hubName, apiRequest);
  const body = answer.body === undefined ? '' : JSON.stringify(answer.body);
  response.writeHead(answer.status, {
    ...(answer.body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' }),
    ...answer.headers,
  });
  response.end(body);
}

async function route(backend: DurableBackend, hubName: string, request: ApiRequest): Promise<ApiResponse> {
  const { method, segments } = request;
  const [collection, id, action, eventName] = segments;
  if (collection === 'orchestrators' && method === 'POST' && id && segments.length <= 3) {
    return start(backend, hubName, request, id, segments[2]);
  }
  if (collection !== 'instances') return { status: 404 };
  if (!id) {
    if (method === 'GET') return query(backend, request);
    if (method === 'DELETE') return purgeBy(backend, request);
    return { status: 404 };
  }
  if (!action) {
    if (method === 'GET') return status(backend, hubName, request, id);
    if (method === 'DELETE') return purge(backend, id);
    return { status: 404 };
  }
  if (method !== 'POST') return { status: 404 };
  const reason = request.query.get('reason') ?? '';
  switch (action.toLowerCase()) {
    case 'raiseevent':
      return eventName ? raiseEvent(backend, request, id, eventName) : { status: 404 };
    case 'terminate':
      return terminate(backend, id, reason);
    case 'suspend':
      return setSuspended(backend, id, true, reason);
    case 'resume':
      return setSuspended(backend, id, false, reason);
    case 'rewind':
    case 'restart':
      return { status: 501, body: { message: `'${action}' is not supported by the local Durable backend.` } };
    default:
      return { status: 404 };
  }
}

async function start(
  backend: DurableBackend,
  hubName: string,
  request: ApiRequest,
  name: string,
  requestedId: string | undefined,
): Promise<ApiResponse> {
  const orchestrator = backend.findOrchestrator(name);
  if (!orchestrator)
    return badRequest(
      `The function '${name}' doesn't exist, is disabled, or is not an orchestrator function.`,
    );
  const instanceId = requestedId ?? randomUUID().replace(/-/g, '');
  if (!validInstanceId(instanceId)) return badRequest(`Instance ID '${instanceId}' is not valid.`);
  let input: string | null = null;
  if (request.body.trim() !== '') {
    try {
      input = JSON.stringify(JSON.parse(request.body));
    } catch {
      return badRequest('The request content is not valid JSON.');
    }
  }
  const created = await backend.withInstance(instanceId, async () => {
    const fresh = () => newInstanceDocument(instanceId, orchestrator.name, input, new Date());
    // Usually the id is new: a create that fails when the blob exists spares reading it first.
    try {
      await backend.create(fresh(), undefined);
      return true;
    } catch (error) {
      if (!(error instanceof InstanceConflictError)) throw error;
    }
    const existing = await backend.store.read(instanceId);
    // An instance that has not finished is never overwritten (the extension's default for dedupe).
    if (existing && !isTerminal(existing.document.runtimeStatus)) return false;
    await backend.create(fresh(), existing?.etag);
    return true;
  });
  if (!created) {
    return {
      status: 409,
      body: {
        message: `An orchestration with instance ID '${instanceId}' already exists and has not finished.`,
      },
    };
  }
  backend.process(instanceId);
  const links = managementUrls(request.baseUrl, hubName, instanceId);
  delete links['rewindPostUri'];
  return {
    status: 202,
    body: links,
    headers: { location: links['statusQueryGetUri']!, 'retry-after': '10' },
  };
}

async function status(
  backend: DurableBackend,
  hubName: string,
  request: ApiRequest,
  instanceId: string,
): Promise<ApiResponse> {
  const stored = await backend.store.read(instanceId);
  if (!stored) return { status: 404 };
  const { document } = stored;
  const body = statusPayload(document, statusOptions(request.query));
  if (
    document.runtimeStatus === 'Failed' &&
    flag(request.query, 'returnInternalServerErrorOnFailure', false)
  ) {
    return { status: 500, body };
  }
  if (isTerminal(document.runtimeStatus)) return { status: 200, body };
  const location = managementUrls(request.baseUrl, hubName, instanceId)['statusQueryGetUri']!;
  return { status: 202, body, headers: { location, 'retry-after': '5' } };
}

async function query(backend: DurableBackend, request: ApiRequest): Promise<ApiResponse> {
  const filter = instanceQuery(request);
  if (typeof filter === 'string') return badRequest(filter);
  const page = await backend.store.query(filter);
  const options = statusOptions(request.query);
  return {
    status: 200,
    body: page.instances.map((document) => statusPayload(document, options)),
    headers: page.continuationToken ? { 'x-ms-continuation-token': page.continuationToken } : {},
  };
}

async function raiseEvent(
  backend: DurableBackend,
  request: ApiRequest,
  instanceId: string,
  eventName: string,
): Promise<ApiResponse> {
  let input = 'null';
  if (request.body.trim() !== '') {
    try {
      input = JSON.stringify(JSON.parse(request.body));
    } catch {
      return badRequest('The event data is not valid JSON.');
    }
  }
  return change(backend, instanceId, (document, now) => {
    document.inbox.push(historyEvent(EventType.EventRaised, now, { Name: eventName, Input: input }));
  });
}

function terminate(backend: DurableBackend, instanceId: string, reason: string): Promise<ApiResponse> {
  return change(backend, instanceId, (document, now) => {
    document.runtimeStatus = 'Terminated';
    document.output = JSON.stringify(reason);
    document.history.push(historyEvent(EventType.ExecutionTerminated, now, { Input: reason }));
    document.inbox = [];
    document.activities = [];
    document.subOrchestrations = [];
    document.timers = [];
    document.retries = [];
    // Locks it holds are released (sent once the termination is written).
    releaseLocks(document, now);
    backend.cancelTimersOf(instanceId);
  });
}

function setSuspended(
  backend: DurableBackend,
  instanceId: string,
  suspend: boolean,
  reason: string,
): Promise<ApiResponse> {
  return change(backend, instanceId, (document, now) => {
    const suspended = document.runtimeStatus === 'Suspended';
    if (suspended === suspend) return;
    document.runtimeStatus = suspend ? 'Suspended' : document.history.length > 0 ? 'Running' : 'Pending';
    const type = suspend ? EventType.ExecutionSuspended : EventType.ExecutionResumed;
    document.history.push(historyEvent(type, now, { Reason: reason }));
  });
}

/**
 * Applies a change to an unfinished instance: 404 unknown, 410 finished, else 202. The change is delivered as
 * a completion is: when it lets the instance step (a raised event it waits for), one write records the change
 * and that step, and the answer comes after it.
 */
async function change(
  backend: DurableBackend,
  instanceId: string,
  apply: (document: InstanceDocument, now: Date) => void,
): Promise<ApiResponse> {
  let status = 404;
  await backend.deliverTo(instanceId, undefined, (document) => {
    if (isTerminal(document.runtimeStatus)) {
      status = 410;
      return false;
    }
    const now = new Date();
    apply(document, now);
    document.lastUpdatedTime = now.toISOString();
    status = 202;
    return true;
  });
  return { status };
}

async function purge(backend: DurableBackend, instanceId: string): Promise<ApiResponse> {
  const deleted = await backend.withInstance(instanceId, async () => {
    const stored = await backend.store.read(instanceId);
    if (!stored || !isTerminal(stored.document.runtimeStatus)) return false;
    return backend.store.delete(instanceId, stored.etag);
  });
  return deleted ? { status: 200, body: { instancesDeleted: 1 } } : { status: 404 };
}

async function purgeBy(backend: DurableBackend, request: ApiRequest): Promise<ApiResponse> {
  if (!request.query.get('createdTimeFrom')) return badRequest('createdTimeFrom is required.');
  const filter = instanceQuery({ ...request, continuationToken: undefined });
  if (typeof filter === 'string') return badRequest(filter);
  let deleted = 0;
  let continuationToken: string | undefined;
  do {
    const page = await backend.store.query({
      ...filter,
      ...(continuationToken ? { continuationToken } : {}),
    });
    for (const document of page.instances) {
      if (!isTerminal(document.runtimeStatus)) continue;
      if ((await purge(backend, document.instanceId)).status === 200) deleted += 1;
    }
    continuationToken = page.continuationToken;
  } while (continuationToken);
  return deleted > 0 ? { status: 200, body: { instancesDeleted: deleted } } : { status: 404 };
}

/** The filter of a query or purge; a string says what is wrong with it. */
function instanceQuery(request: ApiRequest): InstanceQuery | string {
  const { query } = request;
  const filter: InstanceQuery = {};
  for (const key of ['createdTimeFrom', 'createdTimeTo'] as const) {
    const text = query.get(key);
    if (!text) continue;
    const date = new Date(text);
    if (Number.isNaN(date.getTime())) return `${key} is not a date.`;
    filter[key] = date;
  }
  const statuses = (query.get('runtimeStatus') ?? '').split(',').filter(Boolean);
  const unknown = statuses.filter((value) => !runtimeStatuses.includes(value as RuntimeStatus));
  if (unknown.length > 0) return `Unknown runtimeStatus: ${unknown.join(', ')}.`;
  if (statuses.length > 0) filter.runtimeStatus = statuses as RuntimeStatus[];
  const prefix = query.get('instanceIdPrefix');
  if (prefix) filter.instanceIdPrefix = prefix;
  const top = Number(query.get('top') ?? '');
  if (Number.isInteger(top) && top > 0) filter.top = top;
  if (request.continuationToken) filter.continuationToken = request.continuationToken;
  return filter;
}

function statusOptions(query: URLSearchParams) {
  return {
    showInput: flag(query, 'showInput', true),
    showHistory: flag(query, 'showHistory', false),
    showHistoryOutput: flag(query, 'showHistoryOutput', false),
  };
}

function flag(query: URLSearchParams, name: string, fallback: boolean): boolean {
  const value = query.get(name);
  return value === null ? fallback : value.toLowerCase() === 'true';
}

function validInstanceId(instanceId: string): boolean {
  // eslint-disable-next-line no-control-regex
  return instanceId !== '' && !instanceId.startsWith('@') && !/[/\\#?\u0000-\u001f\u007f]/.test(instanceId);
}

function badRequest(message: string): ApiResponse {
  return { status: 400, body: { message } };
}

function lenientDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

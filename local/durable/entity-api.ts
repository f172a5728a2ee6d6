/**
 * The entity routes of the Durable HTTP management API, as the JS DurableClient calls them:
 * `POST entities/{name}/{key}?op=<operation>` (signalEntity; body = the operation input as JSON, 202) and
 * `GET entities/{name}/{key}` (readEntityState; 200 with the state as JSON, 404 when the entity has no state).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { managementPathPrefix } from './client-binding.js';
import type { EntityBackend } from './entity-backend.js';
import { schedulerId } from './entity-document.js';

const entitiesPrefix = `${managementPathPrefix}/entities/`;

export function isEntityPath(pathname: string): boolean {
  return pathname.startsWith(entitiesPrefix);
}

export async function handleEntityRequest(
  entities: EntityBackend,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks).toString('utf8');
  // The JS client does not encode names and keys: decode leniently.
  const [name, ...keyParts] = url.pathname.slice(entitiesPrefix.length).split('/').map(lenientDecode);
  const key = keyParts.join('/');
  const answer = (status: number, json?: string) => {
    response.writeHead(
      status,
      json === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' },
    );
    response.end(json ?? '');
  };
  if (!name || !key) return answer(404);
  const id = schedulerId(name, key);
  if (request.method === 'GET') {
    const { exists, state } = await entities.readState(id);
    return exists ? answer(200, state ?? 'null') : answer(404);
  }
  if (request.method !== 'POST') return answer(404);
  if (!entities.findEntity(name)) {
    return answer(404, JSON.stringify({ message: `No entity function named '${name}' was found.` }));
  }
  const input = body.trim() === '' ? undefined : jsonText(body);
  await entities.enqueue(id, [
    {
      id: randomUUID(),
      op: url.searchParams.get('op') ?? '',
      ...(input === undefined ? {} : { input }),
      signal: true,
    },
  ]);
  return answer(202);
}

/** The body as JSON text; a body that is not JSON is taken as a string, as the extension does. */
function jsonText(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body));
  } catch {
    return JSON.stringify(body);
  }
}

function lenientDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

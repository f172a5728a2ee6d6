/**
 * The Connectors API (role admin): create or replace a connector (`If-Match` for a conditional replace),
 * read, list, delete, and try one of its operations with sample input. Secret values go in, never out.
 * Everything is scoped to the caller's tenant.
 */
import type { HttpRequest } from '@azure/functions';
import { readSetting } from '../../shared/config/registry.js';
import { readConnectorInput } from '../../shared/connectors/connector-input.js';
import { connectorView } from '../../shared/connectors/connector-view.js';
import { parseJsonBody, requireMediaType, validationFailed } from '../../shared/http/body.js';
import type { Role } from '../../shared/identity/principal.js';
import { connectorsService } from '../connector-services.js';
import { apiRoute, json } from './api-route.js';
import { requestBytes } from './request-body.js';

const admins: readonly Role[] = ['admin'];

async function jsonBody(request: HttpRequest): Promise<unknown> {
  requireMediaType(request.headers.get('content-type'), ['application/json']);
  return parseJsonBody(await requestBytes(request, readSetting('maxJsonBodyBytes')));
}

apiRoute({
  name: 'putConnector',
  roles: admins,
  method: 'PUT',
  route: 'connectors/{id}',
  async handler(request, principal) {
    const input = readConnectorInput(await jsonBody(request));
    const ifMatch = request.headers.get('if-match') ?? undefined;
    const { connector, created } = await connectorsService(principal.tenantId).put(
      request.params.id ?? '',
      input,
      principal.userId,
      ifMatch,
    );
    return json(created ? 201 : 200, connectorView(connector));
  },
});

apiRoute({
  name: 'getConnector',
  roles: admins,
  method: 'GET',
  route: 'connectors/{id}',
  async handler(request, principal) {
    return json(200, connectorView(await connectorsService(principal.tenantId).get(request.params.id ?? '')));
  },
});

apiRoute({
  name: 'listConnectors',
  roles: admins,
  method: 'GET',
  route: 'connectors',
  async handler(request, principal) {
    const rawLimit = request.query.get('limit');
    const limit = rawLimit === null ? 50 : Number(rawLimit);
    if (!Number.isSafeInteger(limit) || limit < 1 || limit > 200) {
      throw validationFailed([{ field: 'limit', message: 'must be an integer from 1 to 200' }]);
    }
    const continuationToken = request.query.get('continuationToken') ?? undefined;
    const page = await connectorsService(principal.tenantId).list(limit, continuationToken);
    return json(200, {
      items: page.items.map(connectorView),
      ...(page.continuationToken ? { continuationToken: page.continuationToken } : {}),
    });
  },
});

apiRoute({
  name: 'deleteConnector',
  roles: admins,
  method: 'DELETE',
  route: 'connectors/{id}',
  async handler(request, principal) {
    const ifMatch = request.headers.get('if-match') ?? undefined;
    await connectorsService(principal.tenantId).delete(request.params.id ?? '', ifMatch);
    return { status: 204 };
  },
});

apiRoute({
  name: 'testConnectorOperation',
  roles: admins,
  method: 'POST',
  route: 'connectors/{id}/operations/{operation}/test',
  async handler(request, principal) {
    const body = await jsonBody(request);
    const { variables, headers } = testInput(body);
    const tested = await connectorsService(principal.tenantId).test(
      request.params.id ?? '',
      request.params.operation ?? '',
      variables,
      headers,
    );
    return json(200, tested);
  },
});

/** `{ variables?: object, headers?: { name: string } }`: sample job variables and task headers. */
function testInput(body: unknown): { variables: Record<string, unknown>; headers: Record<string, string> } {
  const errors: { field: string; message: string }[] = [];
  const isObject = (value: unknown): value is Record<string, unknown> =>
    typeof value === 'object' && value !== null && !Array.isArray(value);
  if (!isObject(body)) throw validationFailed([{ field: '(body)', message: 'must be a JSON object' }]);
  for (const key of Object.keys(body)) {
    if (key !== 'variables' && key !== 'headers')
      errors.push({ field: key, message: 'is not a known field' });
  }
  const variables = body.variables ?? {};
  if (!isObject(variables)) errors.push({ field: 'variables', message: 'must be a JSON object' });
  const headers = body.headers ?? {};
  if (!isObject(headers) || !Object.values(headers).every((value) => typeof value === 'string')) {
    errors.push({ field: 'headers', message: 'must be an object of strings (task headers)' });
  }
  if (errors.length > 0) throw validationFailed(errors);
  return { variables: variables as Record<string, unknown>, headers: headers as Record<string, string> };
}

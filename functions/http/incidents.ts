/**
 * Incidents (role admin): list them by state, case and process; retry one, or resolve it with changed
 * variables, which asks the case to retry the failed step. Scoped to the caller's tenant.
 */
import type { HttpRequest, InvocationContext } from '@azure/functions';
import { readSetting } from '../../shared/config/registry.js';
import { parseJsonBody, requireMediaType, validationFailed } from '../../shared/http/body.js';
import { JsonFields } from '../../shared/http/json-fields.js';
import {
  incidentStates,
  type IncidentDocument,
  type IncidentState,
} from '../../shared/incidents/incident-document.js';
import type { Variables } from '../../shared/engine/index.js';
import type { Principal } from '../../shared/identity/principal.js';
import type { Stored } from '../../shared/storage/tenant-repository.js';
import { caseRuntime } from '../cases/case-runtime.js';
import { apiRoute, json } from './api-route.js';
import { requestBytes } from './request-body.js';
import { durableClientOf } from '../durable/durable-client.js';

apiRoute({
  name: 'listIncidents',
  roles: ['admin'],
  method: 'GET',
  route: 'incidents',
  durableClient: true,
  async handler(request, principal, context) {
    const state = request.query.get('state');
    const caseId = request.query.get('caseId');
    const processKey = request.query.get('processKey');
    const rawLimit = request.query.get('limit');
    const limit = rawLimit === null ? 50 : Number(rawLimit);
    const errors = [];
    if (state !== null && !(incidentStates as readonly string[]).includes(state)) {
      errors.push({ field: 'state', message: `must be one of ${incidentStates.join(', ')}` });
    }
    if (!Number.isSafeInteger(limit) || limit < 1 || limit > 200) {
      errors.push({ field: 'limit', message: 'must be an integer from 1 to 200' });
    }
    if (errors.length > 0) throw validationFailed(errors);
    const continuationToken = request.query.get('continuationToken');
    const page = await caseRuntime(durableClientOf(context))
      .incidents(principal.tenantId)
      .list({
        limit,
        ...(state !== null ? { state: state as IncidentState } : {}),
        ...(caseId !== null ? { caseId } : {}),
        ...(processKey !== null ? { processKey } : {}),
        ...(continuationToken !== null ? { continuationToken } : {}),
      });
    return json(200, {
      items: page.items.map(incidentView),
      ...(page.continuationToken ? { continuationToken: page.continuationToken } : {}),
    });
  },
});

apiRoute({
  name: 'retryIncident',
  roles: ['admin'],
  method: 'POST',
  route: 'incidents/{id}/retry',
  durableClient: true,
  handler: (request, principal, context) => retry(request, principal, context, {}),
});

apiRoute({
  name: 'resolveIncident',
  roles: ['admin'],
  method: 'POST',
  route: 'incidents/{id}/resolve',
  durableClient: true,
  async handler(request, principal, context) {
    requireMediaType(request.headers.get('content-type'), ['application/json']);
    const body = parseJsonBody(await requestBytes(request, readSetting('maxJsonBodyBytes')));
    const fields = new JsonFields(body);
    const variables = fields.variables();
    fields.done();
    return retry(request, principal, context, variables);
  },
});

async function retry(
  request: HttpRequest,
  principal: Principal,
  context: InvocationContext,
  variables: Variables,
) {
  const incident = await caseRuntime(durableClientOf(context))
    .incidents(principal.tenantId)
    .retry(request.params.id ?? '', variables, principal.userId);
  return json(200, incidentView(incident));
}

function incidentView(incident: Stored<IncidentDocument>) {
  return {
    id: incident.id,
    caseId: incident.caseId,
    processKey: incident.processKey,
    element: incident.element,
    ...(incident.kind !== undefined ? { kind: incident.kind } : {}),
    code: incident.code,
    message: incident.message,
    state: incident.state,
    createdAt: incident.createdAt,
    ...(incident.resolvedAt !== undefined ? { resolvedAt: incident.resolvedAt } : {}),
  };
}

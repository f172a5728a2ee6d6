/**
 * The email admin API (role admin): notification and send-task templates, where users get mail. Everything
 * is scoped to the caller's tenant (docs/email.md).
 */
import type { HttpRequest } from '@azure/functions';
import { readSetting } from '../../shared/config/registry.js';
import { parseJsonBody, requireMediaType } from '../../shared/http/body.js';
import type { Role } from '../../shared/identity/principal.js';
import { emailSettings, emailTemplates } from '../email-services.js';
import { apiRoute, json } from './api-route.js';
import { requestBytes } from './request-body.js';

const admins: readonly Role[] = ['admin'];

async function jsonBody(request: HttpRequest): Promise<unknown> {
  requireMediaType(request.headers.get('content-type'), ['application/json']);
  return parseJsonBody(await requestBytes(request, readSetting('maxJsonBodyBytes')));
}

apiRoute({
  name: 'listEmailTemplates',
  roles: admins,
  method: 'GET',
  route: 'email/templates',
  async handler(_request, principal) {
    return json(200, { items: await emailTemplates(principal.tenantId).list() });
  },
});

apiRoute({
  name: 'getEmailTemplate',
  roles: admins,
  method: 'GET',
  route: 'email/templates/{name}',
  async handler(request, principal) {
    return json(200, await emailTemplates(principal.tenantId).resolve(request.params.name ?? ''));
  },
});

apiRoute({
  name: 'putEmailTemplate',
  roles: admins,
  method: 'PUT',
  route: 'email/templates/{name}',
  async handler(request, principal) {
    const body = await jsonBody(request);
    return json(
      200,
      await emailTemplates(principal.tenantId).put(request.params.name ?? '', body, principal.userId),
    );
  },
});

apiRoute({
  name: 'deleteEmailTemplate',
  roles: admins,
  method: 'DELETE',
  route: 'email/templates/{name}',
  async handler(request, principal) {
    await emailTemplates(principal.tenantId).remove(request.params.name ?? '');
    return { status: 204 };
  },
});

apiRoute({
  name: 'getEmailSettings',
  roles: admins,
  method: 'GET',
  route: 'email/settings',
  async handler(_request, principal) {
    return json(200, await emailSettings(principal.tenantId).get());
  },
});

apiRoute({
  name: 'putEmailSettings',
  roles: admins,
  method: 'PUT',
  route: 'email/settings',
  async handler(request, principal) {
    const body = await jsonBody(request);
    return json(200, await emailSettings(principal.tenantId).put(body, principal.userId));
  },
});

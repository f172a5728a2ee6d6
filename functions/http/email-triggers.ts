/**
 * The inbound mail admin API (role admin): trigger rules that start cases from mail, and the list of
 * inbound mails that changed nothing, with their reasons (docs/email.md).
 */
import { readSetting } from '../../shared/config/registry.js';
import { parseJsonBody, requireMediaType } from '../../shared/http/body.js';
import type { Role } from '../../shared/identity/principal.js';
import { rejectedMails, triggerRules } from '../inbound-email-services.js';
import { apiRoute, json } from './api-route.js';
import { pageSize } from './json-request.js';
import { requestBytes } from './request-body.js';

const admins: readonly Role[] = ['admin'];

apiRoute({
  name: 'listEmailTriggers',
  roles: admins,
  method: 'GET',
  route: 'email/triggers',
  async handler(_request, principal) {
    return json(200, { items: await triggerRules(principal.tenantId).list() });
  },
});

apiRoute({
  name: 'getEmailTrigger',
  roles: admins,
  method: 'GET',
  route: 'email/triggers/{name}',
  async handler(request, principal) {
    return json(200, await triggerRules(principal.tenantId).get(request.params.name ?? ''));
  },
});

apiRoute({
  name: 'putEmailTrigger',
  roles: admins,
  method: 'PUT',
  route: 'email/triggers/{name}',
  async handler(request, principal) {
    requireMediaType(request.headers.get('content-type'), ['application/json']);
    const body = parseJsonBody(await requestBytes(request, readSetting('maxJsonBodyBytes')));
    return json(
      200,
      await triggerRules(principal.tenantId).put(request.params.name ?? '', body, principal.userId),
    );
  },
});

apiRoute({
  name: 'deleteEmailTrigger',
  roles: admins,
  method: 'DELETE',
  route: 'email/triggers/{name}',
  async handler(request, principal) {
    await triggerRules(principal.tenantId).remove(request.params.name ?? '');
    return { status: 204 };
  },
});

apiRoute({
  name: 'listRejectedEmails',
  roles: admins,
  method: 'GET',
  route: 'email/rejected',
  async handler(request, principal) {
    const continuationToken = request.query.get('continuationToken') ?? undefined;
    const page = await rejectedMails(principal.tenantId).list(
      pageSize(request.query.get('limit')),
      continuationToken,
    );
    return json(200, page);
  },
});

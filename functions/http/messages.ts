/**
 * Messages and signals (roles automation and admin): publish a message (correlated to one waiting case,
 * starting cases, or buffered for its time to live) and broadcast a signal to every waiting case. Both act
 * in the caller's tenant only.
 */
import type { HttpRequest } from '@azure/functions';
import { readSetting } from '../../shared/config/registry.js';
import { parseJsonBody, requireMediaType } from '../../shared/http/body.js';
import { JsonFields } from '../../shared/http/json-fields.js';
import type { Role } from '../../shared/identity/principal.js';
import { caseRuntime } from '../cases/case-runtime.js';
import { apiRoute, json } from './api-route.js';
import { requestBytes } from './request-body.js';
import { durableClientOf } from '../durable/durable-client.js';

const publishers: readonly Role[] = ['automation', 'admin'];
/** Thirty days: longer waits belong in a case, not in a buffer. */
const maxMessageTimeToLiveSeconds = 30 * 24 * 3600;

async function jsonBody(request: HttpRequest): Promise<JsonFields> {
  requireMediaType(request.headers.get('content-type'), ['application/json']);
  return new JsonFields(parseJsonBody(await requestBytes(request, readSetting('maxJsonBodyBytes'))));
}

apiRoute({
  name: 'publishMessage',
  roles: publishers,
  method: 'POST',
  route: 'messages',
  durableClient: true,
  async handler(request, principal, context) {
    const fields = await jsonBody(request);
    const name = fields.string('name');
    const correlationKey = fields.string('correlationKey', 'optional');
    const variables = fields.variables();
    const timeToLiveSeconds = fields.integer(
      'timeToLiveSeconds',
      0,
      maxMessageTimeToLiveSeconds,
      readSetting('messageTimeToLiveSeconds'),
    );
    const messageId = fields.string('messageId', 'optional');
    fields.done();
    const outcome = await caseRuntime(durableClientOf(context))
      .messages(principal.tenantId)
      .publish(
        {
          name,
          ...(correlationKey !== undefined ? { correlationKey } : {}),
          variables,
          timeToLiveSeconds,
          ...(messageId !== undefined ? { messageId } : {}),
        },
        principal.userId,
      );
    return json(200, outcome);
  },
});

apiRoute({
  name: 'broadcastSignal',
  roles: publishers,
  method: 'POST',
  route: 'signals',
  durableClient: true,
  async handler(request, principal, context) {
    const fields = await jsonBody(request);
    const name = fields.string('name');
    const variables = fields.variables();
    const signalId = fields.string('signalId', 'optional');
    fields.done();
    const outcome = await caseRuntime(durableClientOf(context))
      .messages(principal.tenantId)
      .broadcast({ name, variables, ...(signalId !== undefined ? { signalId } : {}) }, principal.userId);
    return json(200, outcome);
  },
});

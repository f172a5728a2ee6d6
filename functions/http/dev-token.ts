/**
 * POST /api/dev/token: the local development token issuer. Answers 404 unless CASEFLOW_DEV_AUTH is `true`
 * (never in Azure). Body `{ "tenantId": "...", "userId": "..." }` naming a seeded demo user.
 */
import { readSetting } from '../../shared/config/registry.js';
import { parseJsonBody, requireMediaType, stringFields } from '../../shared/http/body.js';
import { CaseflowError } from '../../shared/errors/caseflow-error.js';
import { devAuthSecret, issueDevToken } from '../../shared/identity/dev-tokens.js';
import { apiRoute, json } from './api-route.js';
import { requestBytes } from './request-body.js';

apiRoute({
  name: 'devToken',
  method: 'POST',
  route: 'dev/token',
  public: true,
  async handler(request) {
    const secret = devAuthSecret();
    if (!secret) throw new CaseflowError('http.not-found', 'The development token issuer is not enabled.');
    requireMediaType(request.headers.get('content-type'), ['application/json']);
    const body = parseJsonBody(await requestBytes(request, readSetting('maxJsonBodyBytes')));
    const { tenantId, userId } = stringFields(body, ['tenantId', 'userId']);
    const issued = issueDevToken(tenantId, userId, secret, Math.floor(Date.now() / 1000));
    return json(200, issued);
  },
});

/** GET /api/health: liveness for load balancers and the local cloud's readiness checks. */
// @azure/functions is CommonJS: its values come through the default import under ESM.
import azureFunctions, { type HttpResponseInit } from '@azure/functions';
import { version } from '../../shared/version.js';

export async function health(): Promise<HttpResponseInit> {
  return { status: 200, jsonBody: { status: 'ok', version } };
}

azureFunctions.app.http('health', {
  route: 'health',
  methods: ['GET'],
  authLevel: 'anonymous',
  handler: health,
});

/** GET /api/health: liveness for load balancers and the local cloud's readiness checks. */
import type { HttpResponseInit } from '@azure/functions';
import { version } from '../../shared/version.js';
import { apiRoute } from './api-route.js';

export async function health(): Promise<HttpResponseInit> {
  return { status: 200, jsonBody: { status: 'ok', version } };
}

apiRoute({ name: 'health', method: 'GET', route: 'health', public: true, handler: health });

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import '../../functions/index.js';
import { registeredRoutes } from '../../functions/http/api-route.js';
import { openApiDocument, servedOpenApiDocument } from '../../shared/http/openapi.js';
import { problemStatuses } from '../../shared/http/problem.js';

const documented = Object.entries(openApiDocument.paths).flatMap(([path, operations]) =>
  Object.entries(operations).map(([method, operation]) => ({
    key: `${method.toUpperCase()} ${path}`,
    operationId: (operation as { operationId: string }).operationId,
    roles: (operation as { 'x-caseflow-roles'?: string[] })['x-caseflow-roles'],
    responses: Object.keys((operation as { responses: object }).responses).map(Number),
  })),
);
const registered = registeredRoutes.map((route) => ({
  key: `${route.method} /${route.route}`,
  operationId: route.name,
  roles: route.roles,
}));

describe('the OpenAPI document (GET /api/openapi.json)', () => {
  it('is OpenAPI 3.1 and documents every registered HTTP route under its function name', () => {
    assert.equal(openApiDocument.openapi, '3.1.0');
    assert.ok(registered.length > 0);
    for (const route of registered) {
      const operation = documented.find((each) => each.key === route.key);
      assert.ok(operation, `${route.key} is registered but not documented`);
      assert.equal(operation.operationId, route.operationId);
      assert.deepEqual(operation.roles, route.roles, `${route.key}: documented roles differ`);
    }
  });

  it('documents no operation that is not registered', () => {
    for (const operation of documented) {
      assert.ok(
        registered.some((route) => route.key === operation.key),
        `${operation.key} is documented but not registered`,
      );
    }
  });

  it('documents only statuses the API can answer', () => {
    // 503: the health endpoint when a required dependency is down (a report, not a problem). 304: the task
    // list under If-None-Match.
    const known = new Set([200, 201, 202, 204, 304, 503, ...Object.values(problemStatuses)]);
    for (const operation of documented) {
      for (const status of operation.responses) assert.ok(known.has(status), `${operation.key}: ${status}`);
    }
  });

  it('lists the bearer scheme alone unless App Service authentication is accepted', () => {
    const served = servedOpenApiDocument({ appServiceAuth: false });
    assert.deepEqual(Object.keys(served.components.securitySchemes), ['bearer']);
    assert.deepEqual(served.security, [{ bearer: [] }]);
  });

  it('lists both schemes, either accepted, when App Service authentication is accepted', () => {
    const served = servedOpenApiDocument({ appServiceAuth: true });
    const schemes = served.components.securitySchemes as Record<string, Record<string, string>>;
    assert.deepEqual(schemes.bearer, { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
    assert.deepEqual(
      { ...schemes.appServicePrincipal, description: undefined },
      { type: 'apiKey', in: 'header', name: 'X-MS-CLIENT-PRINCIPAL', description: undefined },
    );
    assert.match(schemes.appServicePrincipal!.description!, /Easy Auth/);
    // Two requirement objects: either one suffices (one object naming both would demand both).
    assert.deepEqual(served.security, [{ bearer: [] }, { appServicePrincipal: [] }]);
    assert.deepEqual(served.paths, openApiDocument.paths);
  });
});

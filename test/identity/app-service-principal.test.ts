import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { appServicePrincipal } from '../../shared/identity/app-service-principal.js';
import { authenticateRequest } from '../../shared/identity/request-authentication.js';
import type { TokenValidator } from '../../shared/identity/token-validator.js';
import type { CaseflowError } from '../../shared/errors/caseflow-error.js';

const tenantId = '11111111-2222-3333-4444-555555555555';
const roleType = 'http://schemas.microsoft.com/ws/2008/06/identity/claims/role';

/** What Easy Auth sends for an Entra ID sign-in: long claim type names, roles under `role_typ`. */
const principalBody = {
  auth_typ: 'aad',
  name_typ: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name',
  role_typ: roleType,
  claims: [
    { typ: 'http://schemas.microsoft.com/identity/claims/tenantid', val: tenantId },
    { typ: 'http://schemas.microsoft.com/identity/claims/objectidentifier', val: 'user-object-id' },
    { typ: 'name', val: 'Dana Designer' },
    { typ: roleType, val: 'designer' },
    { typ: roleType, val: 'Unknown.Role' },
    { typ: 'groups', val: 'group-1' },
    { typ: 'groups', val: 'group-2' },
  ],
};

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64');

function headers(values: Record<string, string>) {
  const map = new Map(Object.entries(values));
  return { get: (name: string) => map.get(name) };
}

function easyAuth(body: unknown = principalBody, extra: Record<string, string> = {}) {
  return headers({
    'x-ms-client-principal': encode(body),
    'x-ms-client-principal-id': 'user-object-id',
    'x-ms-client-principal-name': 'dana@example.com',
    'x-ms-client-principal-idp': 'aad',
    ...extra,
  });
}

const withClaims = (claims: { typ: string; val: unknown }[]) => ({ ...principalBody, claims });

describe('App Service authentication principal headers', () => {
  it('map the tenant, object id, known app roles and groups to a principal', () => {
    assert.deepEqual(appServicePrincipal(easyAuth(), tenantId), {
      tenantId,
      userId: 'user-object-id',
      roles: ['designer'],
      groups: ['group-1', 'group-2'],
    });
  });

  it('read the short claim names (tid, oid, roles) too', () => {
    const body = withClaims([
      { typ: 'tid', val: tenantId },
      { typ: 'oid', val: 'user-object-id' },
      { typ: 'roles', val: 'worker' },
    ]);
    assert.deepEqual(appServicePrincipal(easyAuth({ ...body, role_typ: undefined }), tenantId), {
      tenantId,
      userId: 'user-object-id',
      roles: ['worker'],
      groups: [],
    });
  });

  it('refuse a header that is not base64', () => {
    assert.equal(
      appServicePrincipal(easyAuth(undefined, { 'x-ms-client-principal': '%%%not base64' }), tenantId),
      undefined,
    );
    assert.equal(
      appServicePrincipal(easyAuth(undefined, { 'x-ms-client-principal': 'abc' }), tenantId),
      undefined,
    );
  });

  it('refuse base64 that is not a JSON object', () => {
    const notJson = Buffer.from('{"auth_typ": "aad",').toString('base64');
    assert.equal(
      appServicePrincipal(easyAuth(undefined, { 'x-ms-client-principal': notJson }), tenantId),
      undefined,
    );
    assert.equal(appServicePrincipal(easyAuth([principalBody]), tenantId), undefined);
  });

  it('refuse a principal without tenant or object id claims, or with malformed claims', () => {
    const [tenant, objectId, ...rest] = principalBody.claims;
    assert.equal(appServicePrincipal(easyAuth(withClaims([objectId!, ...rest])), tenantId), undefined);
    assert.equal(appServicePrincipal(easyAuth(withClaims([tenant!, ...rest])), tenantId), undefined);
    assert.equal(appServicePrincipal(easyAuth({ ...principalBody, claims: undefined }), tenantId), undefined);
    assert.equal(
      appServicePrincipal(
        easyAuth(withClaims([...principalBody.claims, { typ: 'groups', val: 7 }])),
        tenantId,
      ),
      undefined,
    );
  });

  it('refuse another Entra tenant and another identity provider', () => {
    assert.equal(appServicePrincipal(easyAuth(), 'another-tenant'), undefined);
    assert.equal(
      appServicePrincipal(easyAuth({ ...principalBody, auth_typ: 'github' }), tenantId),
      undefined,
    );
    assert.equal(
      appServicePrincipal(easyAuth(undefined, { 'x-ms-client-principal-idp': 'github' }), tenantId),
      undefined,
    );
  });

  it('refuse an id header that disagrees with the object id claim', () => {
    assert.equal(
      appServicePrincipal(easyAuth(undefined, { 'x-ms-client-principal-id': 'someone-else' }), tenantId),
      undefined,
    );
  });
});

describe('request authentication', () => {
  const bearer: TokenValidator = {
    validate: async (token) =>
      token === 'good'
        ? { tenantId: 'contoso', userId: 'token-user', roles: ['worker'], groups: [] }
        : undefined,
  };
  const unauthenticated = (error: unknown) => (error as CaseflowError).code === 'auth.unauthenticated';

  it('ignores the principal headers while App Service authentication is off', async () => {
    await assert.rejects(authenticateRequest(easyAuth(), { tokens: bearer }), unauthenticated);
    const both = easyAuth(undefined, { authorization: 'Bearer good' });
    assert.equal((await authenticateRequest(both, { tokens: bearer })).userId, 'token-user');
  });

  it('takes the principal header over a bearer token when App Service authentication is on', async () => {
    const appService = { entraTenantId: tenantId };
    const both = easyAuth(undefined, { authorization: 'Bearer good' });
    assert.equal((await authenticateRequest(both, { tokens: bearer, appService })).userId, 'user-object-id');
  });

  it('answers 401 for a bad principal header without falling back to the bearer token', async () => {
    const appService = { entraTenantId: tenantId };
    const bad = easyAuth(undefined, { 'x-ms-client-principal': 'e30=', authorization: 'Bearer good' });
    await assert.rejects(authenticateRequest(bad, { tokens: bearer, appService }), unauthenticated);
    await assert.rejects(
      authenticateRequest(easyAuth(), { tokens: bearer, appService: { entraTenantId: undefined } }),
      unauthenticated,
    );
  });

  it('uses the bearer token when App Service authentication is on but the request has no principal header', async () => {
    const request = headers({ authorization: 'Bearer good' });
    const appService = { entraTenantId: tenantId };
    assert.equal((await authenticateRequest(request, { tokens: bearer, appService })).userId, 'token-user');
  });
});

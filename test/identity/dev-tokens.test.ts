import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CaseflowError } from '../../shared/errors/caseflow-error.js';
import { demoUsers } from '../../shared/identity/demo-directory.js';
import {
  devAuthSecret,
  devTokenLifetimeSeconds,
  devTokenValidator,
  issueDevToken,
} from '../../shared/identity/dev-tokens.js';
import { signHs256, verifyHs256 } from '../../shared/identity/hs256-jwt.js';
import { requireRole } from '../../shared/identity/principal.js';
import { authenticate } from '../../shared/identity/token-validator.js';

const secret = 'test-secret';
const now = 1_800_000_000;
const hasCode = (code: string) => (error: unknown) => error instanceof CaseflowError && error.code === code;

describe('HS256 JWTs', () => {
  it('verifies its own signature and rejects tampering, another key, expiry and not-yet-valid tokens', () => {
    const token = signHs256({ sub: 'x', exp: now + 10 }, secret);
    assert.deepEqual(verifyHs256(token, secret, now), { sub: 'x', exp: now + 10 });
    const [header, , signature] = token.split('.');
    const forged = `${header}.${Buffer.from(JSON.stringify({ sub: 'y', exp: now + 10 })).toString('base64url')}.${signature}`;
    assert.equal(verifyHs256(forged, secret, now), undefined);
    assert.equal(verifyHs256(token, 'other-secret', now), undefined);
    assert.equal(verifyHs256(token, secret, now + 10), undefined);
    assert.equal(verifyHs256(signHs256({ exp: now + 10, nbf: now + 5 }, secret), secret, now), undefined);
    assert.equal(verifyHs256(signHs256({ sub: 'no expiry' }, secret), secret, now), undefined);
    assert.equal(verifyHs256('not.a-jwt', secret, now), undefined);
  });
});

describe('the development token issuer', () => {
  it('issues a token per demo user that validates back to the same principal', async () => {
    const validator = devTokenValidator(secret, () => now);
    for (const user of demoUsers) {
      const issued = issueDevToken(user.tenantId, user.userId, secret, now);
      assert.equal(issued.expiresIn, devTokenLifetimeSeconds);
      assert.deepEqual(await validator.validate(issued.accessToken), user);
    }
  });

  it('seeds two tenants with admin, designer and worker users and an automation service', () => {
    for (const tenant of new Set(demoUsers.map((user) => user.tenantId))) {
      const roles = new Set(
        demoUsers.filter((user) => user.tenantId === tenant).flatMap((user) => user.roles),
      );
      assert.deepEqual([...roles].sort(), ['admin', 'automation', 'designer', 'worker']);
    }
    assert.equal(new Set(demoUsers.map((user) => user.tenantId)).size, 2);
  });

  it('is enabled only by CASEFLOW_DEV_AUTH=true with a secret', () => {
    assert.equal(devAuthSecret({}), undefined);
    assert.equal(devAuthSecret({ CASEFLOW_DEV_AUTH_SECRET: 's' }), undefined);
    assert.equal(devAuthSecret({ CASEFLOW_DEV_AUTH: 'false', CASEFLOW_DEV_AUTH_SECRET: 's' }), undefined);
    assert.equal(devAuthSecret({ CASEFLOW_DEV_AUTH: 'true' }), undefined);
    assert.equal(devAuthSecret({ CASEFLOW_DEV_AUTH: 'true', CASEFLOW_DEV_AUTH_SECRET: 's' }), 's');
  });

  it('refuses unknown users and tokens from another issuer', async () => {
    assert.throws(() => issueDevToken('contoso', 'mallory', secret, now), hasCode('http.not-found'));
    const validator = devTokenValidator(secret, () => now);
    const foreign = signHs256(
      { iss: 'elsewhere', sub: 'alice', tid: 'contoso', roles: [], groups: [], exp: now + 60 },
      secret,
    );
    assert.equal(await validator.validate(foreign), undefined);
  });
});

describe('authenticate and requireRole', () => {
  it('answers auth.unauthenticated without a bearer token, with a bad one, or with no validator', async () => {
    const validator = devTokenValidator(secret, () => now);
    const token = issueDevToken('contoso', 'alice', secret, now).accessToken;
    assert.equal((await authenticate(`Bearer ${token}`, validator)).userId, 'alice');
    await assert.rejects(authenticate(undefined, validator), hasCode('auth.unauthenticated'));
    await assert.rejects(authenticate(`Basic ${token}`, validator), hasCode('auth.unauthenticated'));
    await assert.rejects(authenticate(`Bearer ${token}x`, validator), hasCode('auth.unauthenticated'));
    await assert.rejects(authenticate(`Bearer ${token}`, undefined), hasCode('auth.unauthenticated'));
  });

  it('forbids a caller without one of the required roles', () => {
    const worker = demoUsers.find((user) => user.roles.includes('worker'))!;
    assert.throws(() => requireRole(worker, ['designer', 'admin']), hasCode('auth.forbidden'));
    assert.doesNotThrow(() => requireRole(worker, ['worker']));
  });
});

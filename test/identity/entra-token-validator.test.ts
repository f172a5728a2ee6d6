import assert from 'node:assert/strict';
import { createSign, generateKeyPairSync, type JsonWebKey } from 'node:crypto';
import { describe, it } from 'node:test';
import { entraKeysUrl, entraTokenValidator } from '../../shared/identity/entra-token-validator.js';

const now = 1_800_000_000;
const tenantId = '11111111-2222-3333-4444-555555555555';
const audience = 'api://caseflow';
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwk: JsonWebKey = { ...publicKey.export({ format: 'jwk' }), kid: 'key-1', use: 'sig' };

function sign(
  claims: Record<string, unknown>,
  header: Record<string, unknown> = { alg: 'RS256', kid: 'key-1' },
) {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const payload = `${encode(header)}.${encode(claims)}`;
  return `${payload}.${createSign('RSA-SHA256').update(payload).sign(privateKey, 'base64url')}`;
}

const claims = {
  iss: `https://login.microsoftonline.com/${tenantId}/v2.0`,
  aud: audience,
  tid: tenantId,
  oid: 'user-object-id',
  roles: ['designer', 'Unknown.Role'],
  groups: ['group-1'],
  exp: now + 600,
  nbf: now - 10,
};

function validator(fetchKeys: () => Promise<JsonWebKey[]> = async () => [jwk]) {
  return entraTokenValidator({ tenantId, audience, fetchKeys, now: () => now });
}

describe('the Microsoft Entra ID token validator', () => {
  it('accepts a token signed by a published key and maps its claims to a principal', async () => {
    assert.deepEqual(await validator().validate(sign(claims)), {
      tenantId,
      userId: 'user-object-id',
      roles: ['designer'],
      groups: ['group-1'],
    });
    assert.equal(entraKeysUrl(tenantId), `https://login.microsoftonline.com/${tenantId}/discovery/v2.0/keys`);
  });

  it('refuses another audience, issuer, expired or future tokens, other algorithms and tampering', async () => {
    const entra = validator();
    const refused = [
      sign({ ...claims, aud: 'api://other' }),
      sign({ ...claims, iss: 'https://login.microsoftonline.com/other/v2.0' }),
      sign({ ...claims, exp: now }),
      sign({ ...claims, nbf: now + 60 }),
      sign({ ...claims, oid: undefined }),
      sign(claims, { alg: 'HS256', kid: 'key-1' }),
      sign(claims, { alg: 'RS256', kid: 'unknown' }),
      `${sign(claims).split('.').slice(0, 2).join('.')}.${sign({ ...claims, oid: 'x' }).split('.')[2]}`,
      'not-a-token',
    ];
    for (const token of refused) assert.equal(await entra.validate(token), undefined, token.slice(0, 40));
  });

  it('refetches the keys once for an unknown key id, and refuses when the keys cannot be fetched', async () => {
    let fetches = 0;
    const rotating = validator(async () => (++fetches === 1 ? [] : [jwk]));
    assert.equal((await rotating.validate(sign(claims)))?.userId, 'user-object-id');
    assert.equal(fetches, 2);
    const offline = validator(async () => {
      throw new Error('offline');
    });
    assert.equal(await offline.validate(sign(claims)), undefined);
  });
});

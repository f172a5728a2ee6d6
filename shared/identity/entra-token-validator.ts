/**
 * Microsoft Entra ID access tokens (v2.0): RS256 signature against the tenant's published signing keys (JWKS,
 * looked up by `kid`), issuer `https://login.microsoftonline.com/<tenant>/v2.0`, audience, `exp` and `nbf`.
 * The principal: tenant = `tid`, user = `oid`, roles = the app roles Caseflow knows, groups = `groups`.
 * One Entra tenant per deployment; national clouds and App Service authentication headers are not handled.
 */
import { createPublicKey, createVerify, type JsonWebKey } from 'node:crypto';
import { roles, type Role } from './principal.js';
import type { TokenValidator } from './token-validator.js';

export interface EntraValidatorOptions {
  readonly tenantId: string;
  readonly audience: string;
  /** The tenant's signing keys (see `entraKeysUrl`); called again when a token names an unknown key. */
  readonly fetchKeys: () => Promise<readonly JsonWebKey[]>;
  readonly now: () => number;
}

export function entraKeysUrl(tenantId: string): string {
  return `https://login.microsoftonline.com/${encodeURIComponent(tenantId)}/discovery/v2.0/keys`;
}

export function entraTokenValidator(options: EntraValidatorOptions): TokenValidator {
  const issuer = `https://login.microsoftonline.com/${options.tenantId}/v2.0`;
  let keys: Promise<readonly JsonWebKey[]> | undefined;
  const keyFor = async (kid: string) => {
    const find = async () => (await (keys ??= options.fetchKeys())).find((key) => key.kid === kid);
    const known = await find();
    if (known) return known;
    // Keys rotate: an unknown kid refreshes the set once before the token is refused.
    keys = undefined;
    return find();
  };
  return {
    async validate(token) {
      const parts = token.split('.');
      if (parts.length !== 3) return undefined;
      const [encodedHeader, encodedClaims, signature] = parts as [string, string, string];
      const header = decode(encodedHeader);
      if (header?.alg !== 'RS256' || typeof header.kid !== 'string') return undefined;
      let key: JsonWebKey | undefined;
      try {
        key = await keyFor(header.kid);
      } catch {
        keys = undefined;
        return undefined;
      }
      if (!key) return undefined;
      const verified = createVerify('RSA-SHA256')
        .update(`${encodedHeader}.${encodedClaims}`)
        .verify(createPublicKey({ key, format: 'jwk' }), signature, 'base64url');
      const claims = verified ? decode(encodedClaims) : undefined;
      if (!claims || claims.iss !== issuer || claims.aud !== options.audience) return undefined;
      const now = options.now();
      if (typeof claims.exp !== 'number' || claims.exp <= now) return undefined;
      if (typeof claims.nbf === 'number' && claims.nbf > now) return undefined;
      if (typeof claims.tid !== 'string' || typeof claims.oid !== 'string') return undefined;
      return {
        tenantId: claims.tid,
        userId: claims.oid,
        roles: strings(claims.roles).filter((role): role is Role =>
          (roles as readonly string[]).includes(role),
        ),
        groups: strings(claims.groups),
      };
    },
  };
}

function decode(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

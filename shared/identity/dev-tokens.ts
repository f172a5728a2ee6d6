/**
 * The local development token issuer and its validator. Tokens are HS256 JWTs over the principal's claims,
 * signed with the local secret (CASEFLOW_DEV_AUTH_SECRET); they are accepted only while CASEFLOW_DEV_AUTH is
 * `true`, a setting that never exists in Azure.
 */
import { readOptionalSetting } from '../config/registry.js';
import { CaseflowError } from '../errors/caseflow-error.js';
import { findDemoUser } from './demo-directory.js';
import { signHs256, verifyHs256 } from './hs256-jwt.js';
import { roles, type Principal, type Role } from './principal.js';
import type { TokenValidator } from './token-validator.js';

export const devIssuer = 'caseflow-dev';

/** The signing secret while CASEFLOW_DEV_AUTH is `true` (and a secret is set); undefined otherwise. */
export function devAuthSecret(env?: Readonly<Record<string, string | undefined>>): string | undefined {
  if (readOptionalSetting('devAuth', env) !== 'true') return undefined;
  return readOptionalSetting('devAuthSecret', env);
}
export const devTokenLifetimeSeconds = 8 * 60 * 60;

export interface IssuedToken {
  readonly accessToken: string;
  readonly tokenType: 'Bearer';
  readonly expiresIn: number;
  readonly principal: Principal;
}

export function issueDevToken(
  tenantId: string,
  userId: string,
  secret: string,
  nowSeconds: number,
): IssuedToken {
  const principal = findDemoUser(tenantId, userId);
  if (!principal) {
    throw new CaseflowError('http.not-found', `No demo user ${userId} in tenant ${tenantId}.`, {
      tenantId,
      userId,
    });
  }
  const claims = {
    iss: devIssuer,
    sub: principal.userId,
    tid: principal.tenantId,
    roles: principal.roles,
    groups: principal.groups,
    iat: nowSeconds,
    exp: nowSeconds + devTokenLifetimeSeconds,
  };
  return {
    accessToken: signHs256(claims, secret),
    tokenType: 'Bearer',
    expiresIn: devTokenLifetimeSeconds,
    principal,
  };
}

export function devTokenValidator(secret: string, now: () => number): TokenValidator {
  return {
    async validate(token) {
      const claims = verifyHs256(token, secret, now());
      if (!claims || claims.iss !== devIssuer) return undefined;
      const { sub, tid, roles: claimedRoles, groups } = claims;
      if (typeof sub !== 'string' || typeof tid !== 'string') return undefined;
      if (!isStringArray(claimedRoles) || !isStringArray(groups)) return undefined;
      const known = claimedRoles.filter((role): role is Role => (roles as readonly string[]).includes(role));
      return { tenantId: tid, userId: sub, roles: known, groups };
    },
  };
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

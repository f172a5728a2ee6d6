/**
 * Bearer-token authentication. A `TokenValidator` turns a token into a principal or rejects it; the local
 * development validator is one, and Microsoft Entra ID validation (issuer, audience, signature against the
 * tenant's JWKS, tenant and role claims mapped to a principal) is meant to be another behind the same
 * interface. Until it exists, a deployment without CASEFLOW_DEV_AUTH rejects every request with 401.
 */
import { CaseflowError } from '../errors/caseflow-error.js';
import type { Principal } from './principal.js';

export interface TokenValidator {
  /** The caller for a valid token; undefined for any invalid one (the reason is not told to clients). */
  validate(token: string): Promise<Principal | undefined>;
}

/** The principal behind an `Authorization: Bearer ...` header, or a 401 error. */
export async function authenticate(
  authorization: string | null | undefined,
  validator: TokenValidator | undefined,
): Promise<Principal> {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  const principal = match && validator ? await validator.validate(match[1]!) : undefined;
  if (!principal) {
    throw new CaseflowError('auth.unauthenticated', 'A valid bearer token is required.');
  }
  return principal;
}

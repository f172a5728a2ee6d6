/**
 * Bearer-token authentication. A `TokenValidator` turns a token into a principal or rejects it: the local
 * development validator (dev-tokens.ts) and the Microsoft Entra ID validator (entra-token-validator.ts) are
 * the two; functions/http/app-services.ts picks one from the settings. With neither configured, every
 * authenticated request is 401.
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

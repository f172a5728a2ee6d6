/**
 * Who is calling, from a request's headers. With App Service authentication on, a request that carries Easy
 * Auth's principal header is that principal and nothing else: Easy Auth put it there after validating the
 * sign-in (a bearer token included), so a bad one is 401 and never falls back to the bearer token. Requests
 * without it (Easy Auth set to let anonymous requests through) use the bearer token as before.
 */
import { CaseflowError } from '../errors/caseflow-error.js';
import { appServicePrincipal, principalHeader, type HeaderReader } from './app-service-principal.js';
import type { Principal } from './principal.js';
import { authenticate, type TokenValidator } from './token-validator.js';

export interface RequestAuthentication {
  readonly tokens: TokenValidator | undefined;
  /** Present when App Service authentication's headers are trusted; they must name this Entra tenant. */
  readonly appService?: { readonly entraTenantId: string | undefined };
}

export async function authenticateRequest(
  headers: HeaderReader,
  authentication: RequestAuthentication,
): Promise<Principal> {
  const { appService } = authentication;
  if (appService && headers.get(principalHeader)) {
    const principal = appService.entraTenantId
      ? appServicePrincipal(headers, appService.entraTenantId)
      : undefined;
    if (!principal) {
      throw new CaseflowError(
        'auth.unauthenticated',
        'A valid App Service authentication principal is required.',
      );
    }
    return principal;
  }
  return authenticate(headers.get('authorization'), authentication.tokens);
}

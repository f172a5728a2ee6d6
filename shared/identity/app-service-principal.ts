/**
 * App Service authentication ("Easy Auth") in front of the Functions app validates the caller's Entra ID
 * sign-in itself and passes the result as request headers: `x-ms-client-principal` (base64 JSON with
 * `auth_typ`, `name_typ`, `role_typ` and `claims: [{ typ, val }]`) and `x-ms-client-principal-id`, `-name`,
 * `-idp`. This turns them into a principal the same way the Entra ID token validator reads a token: tenant =
 * the tenant id claim (only the configured Entra tenant), user = the object id claim, roles = the app roles
 * Caseflow knows, groups = `groups`. Trusting these headers is only safe behind Easy Auth, which strips
 * client-sent copies; `CASEFLOW_APP_SERVICE_AUTH` turns it on (docs/api.md#authentication).
 */
import { roles, type Principal, type Role } from './principal.js';

export const principalHeader = 'x-ms-client-principal';

/** Easy Auth's headers are a few kilobytes; anything far larger is refused unread. */
const maxPrincipalHeaderLength = 64 * 1024;

const tenantIdClaims = ['tid', 'http://schemas.microsoft.com/identity/claims/tenantid'];
const objectIdClaims = ['oid', 'http://schemas.microsoft.com/identity/claims/objectidentifier'];
const roleClaims = ['roles', 'http://schemas.microsoft.com/ws/2008/06/identity/claims/role'];
const groupClaims = ['groups'];
/** Entra ID is the only identity provider whose tenant Caseflow can map. */
const entraProvider = 'aad';

export interface HeaderReader {
  get(name: string): string | null | undefined;
}

interface Claim {
  readonly typ: string;
  readonly val: string;
}

/**
 * The caller the headers describe, or undefined when they are malformed, come from another identity provider
 * or another Entra tenant than `entraTenantId` (the reason is not told to clients).
 */
export function appServicePrincipal(headers: HeaderReader, entraTenantId: string): Principal | undefined {
  const encoded = headers.get(principalHeader);
  if (!encoded || encoded.length > maxPrincipalHeaderLength) return undefined;
  const body = decodeBase64Json(encoded);
  if (!body || body.auth_typ !== entraProvider || !Array.isArray(body.claims)) return undefined;
  const claims = body.claims.filter(isClaim);
  if (claims.length !== body.claims.length) return undefined;
  const values = (types: readonly string[]) =>
    claims.filter((claim) => types.includes(claim.typ)).map((claim) => claim.val);
  const [tenantId, ...otherTenants] = values(tenantIdClaims);
  const [userId, ...otherUsers] = values(objectIdClaims);
  if (tenantId !== entraTenantId || otherTenants.length > 0) return undefined;
  if (!userId || otherUsers.length > 0) return undefined;
  // The plain headers repeat what the principal says; a disagreement means they were not both Easy Auth's.
  const idHeader = headers.get(`${principalHeader}-id`);
  const idpHeader = headers.get(`${principalHeader}-idp`);
  if ((idHeader && idHeader !== userId) || (idpHeader && idpHeader !== entraProvider)) return undefined;
  const roleTypes = typeof body.role_typ === 'string' ? [body.role_typ, ...roleClaims] : roleClaims;
  return {
    tenantId,
    userId,
    roles: [...new Set(values(roleTypes))].filter((role): role is Role =>
      (roles as readonly string[]).includes(role),
    ),
    groups: [...new Set(values(groupClaims))],
  };
}

function decodeBase64Json(encoded: string): Record<string, unknown> | undefined {
  // Buffer.from skips characters that are not base64; a strict shape check refuses such headers instead.
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded) || encoded.length % 4 !== 0) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(encoded, 'base64').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function isClaim(value: unknown): value is Claim {
  if (typeof value !== 'object' || value === null) return false;
  const claim = value as Record<string, unknown>;
  return typeof claim.typ === 'string' && typeof claim.val === 'string';
}

/**
 * Compact JWTs signed with HMAC-SHA256, enough for the local development issuer. Verification checks the
 * header, the signature (constant time) and `exp`/`nbf`; claims beyond that are the caller's business.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export type JwtClaims = Readonly<Record<string, unknown>>;

const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));

export function signHs256(claims: JwtClaims, secret: string): string {
  const payload = `${header}.${base64url(JSON.stringify(claims))}`;
  return `${payload}.${signature(payload, secret)}`;
}

/** The claims of a valid token, or undefined for anything malformed, forged, expired or not yet valid. */
export function verifyHs256(token: string, secret: string, nowSeconds: number): JwtClaims | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const [encodedHeader, encodedClaims, presented] = parts as [string, string, string];
  if (encodedHeader !== header) return undefined;
  const expected = Buffer.from(signature(`${encodedHeader}.${encodedClaims}`, secret));
  const actual = Buffer.from(presented);
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return undefined;
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(encodedClaims, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) return undefined;
  const { exp, nbf } = claims as { exp?: unknown; nbf?: unknown };
  if (typeof exp !== 'number' || exp <= nowSeconds) return undefined;
  if (typeof nbf === 'number' && nbf > nowSeconds) return undefined;
  return claims as JwtClaims;
}

function signature(payload: string, secret: string): string {
  return createHmac('sha256', secret).update(payload).digest('base64url');
}

function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

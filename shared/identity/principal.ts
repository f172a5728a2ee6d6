/** Who is calling: the one shape every endpoint authorizes against, whatever issued the token. */
import { CaseflowError } from '../errors/caseflow-error.js';

/**
 * `automation` is a service, not a person: external job workers (fetch-and-lock, complete, fail) and systems
 * that publish messages and signals. It sees no tasks or cases of its own.
 */
export const roles = ['admin', 'designer', 'worker', 'automation'] as const;
export type Role = (typeof roles)[number];

export interface Principal {
  readonly tenantId: string;
  readonly userId: string;
  readonly roles: readonly Role[];
  readonly groups: readonly string[];
}

/** Throws 403 unless the caller holds one of `allowed`. */
export function requireRole(principal: Principal, allowed: readonly Role[]): void {
  if (!principal.roles.some((role) => allowed.includes(role))) {
    throw new CaseflowError('auth.forbidden', `This operation needs the role ${allowed.join(' or ')}.`, {
      requiredRoles: allowed,
    });
  }
}

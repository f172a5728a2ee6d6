/**
 * The seeded demo users of the local development issuer: two tenants, each with an admin, a designer and two
 * workers in groups, and a worker service (role `automation`) for external job workers and message publishers,
 * so permission and tenant-isolation tests have someone to be.
 */
import type { Principal } from './principal.js';

export const demoUsers: readonly Principal[] = [
  { tenantId: 'contoso', userId: 'alice', roles: ['admin'], groups: ['management'] },
  { tenantId: 'contoso', userId: 'dave', roles: ['designer'], groups: ['process-office'] },
  { tenantId: 'contoso', userId: 'walter', roles: ['worker'], groups: ['claims'] },
  { tenantId: 'contoso', userId: 'wendy', roles: ['worker'], groups: ['claims', 'payments'] },
  { tenantId: 'contoso', userId: 'svc-worker', roles: ['automation'], groups: [] },
  { tenantId: 'fabrikam', userId: 'frank', roles: ['admin'], groups: ['management'] },
  { tenantId: 'fabrikam', userId: 'fiona', roles: ['designer'], groups: ['process-office'] },
  { tenantId: 'fabrikam', userId: 'fred', roles: ['worker'], groups: ['claims'] },
  { tenantId: 'fabrikam', userId: 'svc-worker', roles: ['automation'], groups: [] },
];

export function findDemoUser(tenantId: string, userId: string): Principal | undefined {
  return demoUsers.find((user) => user.tenantId === tenantId && user.userId === userId);
}

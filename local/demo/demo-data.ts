/**
 * What `npm start` seeds in each demo tenant (see local/seed-demo.ts): the expense approval model, deployed by
 * the tenant's designer, and a few expense cases started by its workers, so the Work Portal inbox has tasks.
 * Business keys make the seeding idempotent: starting a case again with its key returns the existing case.
 */
export interface DemoCase {
  readonly startedBy: string;
  readonly businessKey: string;
  readonly variables: { readonly employee: string; readonly description: string; readonly amount: number };
}

export interface DemoTenant {
  readonly tenantId: string;
  readonly designer: string;
  /** A worker of the group the review tasks are offered to, named in the printed curl lines. */
  readonly worker: string;
  readonly cases: readonly DemoCase[];
}

/** Relative to the repository root; the process key is the BPMN process id. */
export const demoModelFile = 'local/demo/expense-approval.bpmn';
export const demoProcessKey = 'expense-approval';

export const demoTenants: readonly DemoTenant[] = [
  {
    tenantId: 'contoso',
    designer: 'dave',
    worker: 'walter',
    cases: [
      {
        startedBy: 'walter',
        businessKey: 'EXP-1001',
        variables: { employee: 'walter', description: 'Team lunch', amount: 120 },
      },
      {
        startedBy: 'wendy',
        businessKey: 'EXP-1002',
        variables: { employee: 'wendy', description: 'Conference travel', amount: 2400 },
      },
      {
        startedBy: 'walter',
        businessKey: 'EXP-1003',
        variables: { employee: 'walter', description: 'Taxi to the airport', amount: 45 },
      },
    ],
  },
  {
    tenantId: 'fabrikam',
    designer: 'fiona',
    worker: 'fred',
    cases: [
      {
        startedBy: 'fred',
        businessKey: 'EXP-2001',
        variables: { employee: 'fred', description: 'Client dinner', amount: 310 },
      },
      {
        startedBy: 'fred',
        businessKey: 'EXP-2002',
        variables: { employee: 'fred', description: 'New laptop', amount: 1500 },
      },
    ],
  },
];

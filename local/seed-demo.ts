/**
 * Seeds the demo data of local/demo/demo-data.ts through the HTTP API, as a designer and workers would: the
 * model is uploaded with the designer's development token, the cases are started by demo workers with business
 * keys. Both are idempotent in the API (the same bytes are the same model, a business key is one case), so a
 * second `npm start` over the same data finds everything and creates nothing.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { demoModelFile, demoProcessKey, demoTenants, type DemoTenant } from './demo/demo-data.js';

export interface SeededDemoCase {
  readonly businessKey: string;
  readonly caseId: string;
  readonly startedBy: string;
  readonly created: boolean;
}

export interface SeededDemoTenant {
  readonly tenantId: string;
  readonly worker: string;
  readonly processKey: string;
  readonly version: number;
  readonly modelCreated: boolean;
  readonly cases: readonly SeededDemoCase[];
}

export type DemoSeedResult =
  | { readonly seeded: true; readonly tenants: readonly SeededDemoTenant[] }
  | { readonly seeded: false; readonly reason: string };

export async function seedDemoData(hostUrl: string, appRoot: string): Promise<DemoSeedResult> {
  const model = await readFile(path.join(appRoot, demoModelFile));
  const probe = await fetch(`${hostUrl}/api/dev/token`, { method: 'POST', body: '{}' });
  await probe.arrayBuffer();
  if (probe.status === 404) {
    return { seeded: false, reason: 'the development token issuer is off (CASEFLOW_DEV_AUTH)' };
  }
  const tenants: SeededDemoTenant[] = [];
  for (const tenant of demoTenants) tenants.push(await seedTenant(hostUrl, tenant, model));
  return { seeded: true, tenants };
}

async function seedTenant(hostUrl: string, tenant: DemoTenant, model: Buffer): Promise<SeededDemoTenant> {
  const designer = await client(hostUrl, tenant.tenantId, tenant.designer);
  const uploaded = await designer.send('POST', '/api/models', model, 'application/xml');
  const { processes } = (await expectStatus(uploaded, [200, 201], 'uploading the demo model')) as {
    processes: { processKey: string; version: number }[];
  };
  const deployed = processes.find((process) => process.processKey === demoProcessKey);
  if (!deployed) throw new Error(`The demo model has no process ${demoProcessKey}`);
  const cases: SeededDemoCase[] = [];
  for (const demoCase of tenant.cases) {
    const worker = await client(hostUrl, tenant.tenantId, demoCase.startedBy);
    const body = {
      processKey: demoProcessKey,
      businessKey: demoCase.businessKey,
      variables: demoCase.variables,
    };
    const started = await worker.send('POST', '/api/cases', JSON.stringify(body), 'application/json');
    const { id } = (await expectStatus(started, [200, 201], `starting ${demoCase.businessKey}`)) as {
      id: string;
    };
    cases.push({
      businessKey: demoCase.businessKey,
      caseId: id,
      startedBy: demoCase.startedBy,
      created: started.status === 201,
    });
  }
  return {
    tenantId: tenant.tenantId,
    worker: tenant.worker,
    processKey: deployed.processKey,
    version: deployed.version,
    modelCreated: uploaded.status === 201,
    cases,
  };
}

async function client(hostUrl: string, tenantId: string, userId: string) {
  const issued = await fetch(`${hostUrl}/api/dev/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ tenantId, userId }),
  });
  const { accessToken } = (await expectStatus(issued, [200], `a token for ${userId}@${tenantId}`)) as {
    accessToken: string;
  };
  return {
    send: (method: string, route: string, body: string | Buffer, contentType: string) =>
      fetch(`${hostUrl}${route}`, {
        method,
        headers: { authorization: `Bearer ${accessToken}`, 'content-type': contentType },
        body,
      }),
  };
}

async function expectStatus(response: Response, expected: number[], what: string): Promise<unknown> {
  if (!expected.includes(response.status)) {
    throw new Error(`Demo data: ${what} answered ${response.status}: ${await response.text()}`);
  }
  return response.json();
}

/** What `npm start` prints about the demo data: what was seeded and how to see the tasks. */
export function describeDemoData(result: DemoSeedResult, hostUrl: string): string[] {
  if (!result.seeded) return [`  Demo data        not seeded: ${result.reason}`];
  const lines = [`  Demo data        (--no-demo leaves it out)`];
  for (const tenant of result.tenants) {
    const created = tenant.cases.filter((demoCase) => demoCase.created).length;
    lines.push(
      `    ${tenant.tenantId}: model ${tenant.processKey} v${tenant.version} ` +
        `(${tenant.modelCreated ? 'deployed now' : 'already deployed'}), cases ` +
        `${tenant.cases.map((demoCase) => demoCase.businessKey).join(', ')} ` +
        `(${created} started now, ${tenant.cases.length - created} already there)`,
    );
  }
  const first = result.tenants[0];
  if (first) {
    lines.push(
      `    the tasks offered to ${first.worker} (group claims) in ${first.tenantId}:`,
      `      TOKEN=$(curl -s -X POST ${hostUrl}/api/dev/token -H 'content-type: application/json' \\`,
      `        -d '{"tenantId":"${first.tenantId}","userId":"${first.worker}"}' | sed 's/.*"accessToken":"\\([^"]*\\)".*/\\1/')`,
      `      curl -s -H "authorization: Bearer $TOKEN" '${hostUrl}/api/tasks?scope=offered'`,
    );
  }
  return lines;
}

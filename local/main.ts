/**
 * `npm start`: the local cloud on the usual ports (Functions host on 7071, Azurite 10000-10002, Cosmos DB,
 * Key Vault, SMTP) with data kept in .caseflow/data, until Ctrl-C or SIGTERM stops everything cleanly.
 * Once the host is up it seeds the demo data (local/seed-demo.ts) unless `--no-demo` is given.
 * `--free-ports` and `--data-dir <dir>` exist for tests and for running beside another instance.
 */
import { parseArgs } from 'node:util';
import { settings } from '../shared/config/registry.js';
import { describeDemoData, seedDemoData } from './seed-demo.js';
import { defaultDataDir, startLocalCloud, type LocalCloud } from './start-local-cloud.js';

function describe(cloud: LocalCloud, demo: string[]): string {
  const { host, emulators, seeded, appSettings } = cloud;
  const lines = [
    `Caseflow is running.`,
    ``,
    `  Functions host   ${host.url}   (health: ${host.url}/api/health)`,
    ...host.httpRoutes.map((route) => `                   ${route}`),
    `  Blob / Queue     ${emulators.urls.blob}   ${emulators.urls.queue}`,
    `  Table            ${emulators.urls.table}`,
    `  Cosmos DB        ${emulators.urls.cosmos}   (containers: ${seeded.cosmosContainers.join(', ')})`,
    `  Key Vault        ${emulators.urls.keyVault}`,
    `  SMTP             ${emulators.urls.smtp}   (received mail: ${emulators.urls.mailbox})`,
    ``,
    `  API token        curl -X POST ${host.url}/api/dev/token -H 'content-type: application/json' \\`,
    `                     -d '{"tenantId":"contoso","userId":"dave"}'   (demo users: docs/api.md)`,
    `  API description  ${host.url}/api/openapi.json`,
    `  Inbound mail     curl -X POST ${host.url}/api/email/inbound -H 'content-type: message/rfc822' \\`,
    `                     -H 'x-caseflow-email-key: ${appSettings[settings.emailInboundSecret.name] ?? ''}' --data-binary @mail.eml`,
    ...demo,
    ``,
    `Press Ctrl-C to stop.`,
  ];
  return lines.join('\n');
}

/** Seeding is a convenience: when it fails the local cloud keeps running and says why. */
async function demoData(cloud: LocalCloud, appRoot: string): Promise<string[]> {
  try {
    return describeDemoData(await seedDemoData(cloud.host.url, appRoot), cloud.host.url);
  } catch (error) {
    return [`  Demo data        could not be seeded: ${error instanceof Error ? error.message : error}`];
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'free-ports': { type: 'boolean' },
      'data-dir': { type: 'string' },
      'no-demo': { type: 'boolean' },
    },
  });
  const appRoot = process.cwd();
  const cloud = await startLocalCloud({
    appRoot,
    dataDir: values['data-dir'] ?? defaultDataDir(appRoot),
    ports: values['free-ports'] ? 'free' : 'standard',
  });
  const demo = values['no-demo'] ? [] : await demoData(cloud, appRoot);
  console.log(describe(cloud, demo));
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    cloud.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(
    `caseflow: the local cloud could not start: ${error instanceof Error ? error.message : error}`,
  );
  process.exit(1);
});

/**
 * Runs the local host with the entity test app (fixtures/entity-app.ts) in a process of its own, so a test can
 * kill it without warning. Arguments: the Azurite connection string and an app root folder. Prints one JSON line
 * with the URL.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFunctionsHost } from '../../local/host/start-functions-host.js';

const [connectionString, appRoot] = process.argv.slice(2);
if (connectionString === undefined || appRoot === undefined) {
  throw new Error('usage: entity-host-process <connectionString> <appRoot>');
}
const entry = fileURLToPath(new URL('../local/fixtures/entity-app.js', import.meta.url));
await writeFile(path.join(appRoot, 'package.json'), JSON.stringify({ type: 'module', main: entry }));
const host = await startFunctionsHost({
  appRoot,
  port: 0,
  settings: { AzureWebJobsStorage: connectionString },
  hostJson: {},
  log: () => undefined,
});
process.stdout.write(`${JSON.stringify({ url: host.url })}\n`);

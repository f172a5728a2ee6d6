/**
 * Runs the local host with the Durable test app in a process of its own, so a test can kill it without
 * warning. Arguments: the Azurite connection string, an app root folder and, optionally, a crash point
 * (`CASEFLOW_LOCAL_CRASH_AT`) at which the host kills itself. Prints one JSON line with the URL.
 */
import { startDurableFixture } from '../local/durable-fixture.js';

const [connectionString, appRoot, crashAt] = process.argv.slice(2);
if (connectionString === undefined || appRoot === undefined) {
  throw new Error('usage: durable-host-process <connectionString> <appRoot> [<crash point>[:<n>]]');
}
const fixture = await startDurableFixture(
  connectionString,
  appRoot,
  crashAt ? { CASEFLOW_LOCAL_CRASH_AT: crashAt } : {},
);
process.stdout.write(`${JSON.stringify({ url: fixture.host.url })}\n`);

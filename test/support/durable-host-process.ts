/**
 * Runs the local host with the Durable test app in a process of its own, so a test can kill it without
 * warning. Arguments: the Azurite connection string and an app root folder. Prints one JSON line with the URL.
 */
import { startDurableFixture } from '../local/durable-fixture.js';

const [connectionString, appRoot] = process.argv.slice(2);
if (connectionString === undefined || appRoot === undefined) {
  throw new Error('usage: durable-host-process <connectionString> <appRoot>');
}
const fixture = await startDurableFixture(connectionString, appRoot);
process.stdout.write(`${JSON.stringify({ url: fixture.host.url })}\n`);

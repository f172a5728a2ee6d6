/**
 * Runs the local Functions host with the Caseflow app in a process of its own, so a test can kill it without
 * warning while the emulators keep running in the test process. Argument: a JSON object `{ appRoot,
 * settings }` (the settings from `localHostSettings`, which point at the test's emulators). Prints one JSON
 * line with the host's URL; host logs go to stderr.
 */
import { startFunctionsHost } from '../../local/host/start-functions-host.js';

const [spec] = process.argv.slice(2);
if (spec === undefined) throw new Error('usage: functions-host-process <{"appRoot","settings"} as JSON>');
const { appRoot, settings } = JSON.parse(spec) as { appRoot: string; settings: Record<string, string> };
const host = await startFunctionsHost({
  appRoot,
  port: 0,
  settings,
  log: (entry) => {
    if (entry.level === 'error' || entry.level === 'critical') process.stderr.write(`${entry.message}\n`);
  },
});
process.stdout.write(`${JSON.stringify({ url: host.url })}\n`);

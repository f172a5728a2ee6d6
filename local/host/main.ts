/**
 * `npm start`: runs the local Functions host for the app in the current directory on port 7071 (or `--port N`)
 * until Ctrl-C or SIGTERM, then stops it cleanly (appTerminate hooks run).
 */
import { startFunctionsHost } from './start-functions-host.js';

function portFromArguments(args: readonly string[]): number {
  const index = args.indexOf('--port');
  if (index < 0) return 7071;
  const port = Number(args[index + 1]);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error('--port needs a port number (0-65535).');
  return port;
}

async function main(): Promise<void> {
  const host = await startFunctionsHost({
    appRoot: process.cwd(),
    port: portFromArguments(process.argv.slice(2)),
  });
  const base = `http://localhost:${host.port}`;
  const list = (lines: string[]) => lines.map((line) => `  ${line}`).join('\n');
  const notRun =
    host.notRun.length > 0 ? `\nNot run yet (trigger not served locally):\n${list(host.notRun)}\n` : '';
  console.log(`\nFunctions host running at ${base}\n\nHTTP functions:\n${list(host.httpRoutes)}\n${notRun}`);
  console.log('Press Ctrl-C to stop.\n');
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    host.stop().then(
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
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

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
  console.log(
    `\nFunctions host running at ${base}\n\nHTTP functions:\n${host.httpRoutes.map((line) => `  ${line}`).join('\n')}\n\nPress Ctrl-C to stop.\n`,
  );
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

/** Lists corpus files for tests that run over whole folders. */
import { readdirSync } from 'node:fs';
import path from 'node:path';

/** Every file under `directory` whose name passes `keep`, as sorted absolute paths. */
export function filesUnder(directory: string, keep: (name: string) => boolean): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) found.push(...filesUnder(full, keep));
    else if (keep(entry.name)) found.push(full);
  }
  return found.sort();
}

// Runs every compiled test file with Node's built-in runner. Node 20's runner neither expands globs nor runs
// TypeScript, so this lists the compiled files explicitly and fails if any source test was not compiled.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sourceRoots = ['functions', 'shared', 'local', 'cli', 'test'];

function findFiles(directory, suffix) {
  let found = [];
  let entries;
  try {
    entries = readdirSync(directory);
  } catch {
    return found;
  }
  for (const entry of entries) {
    const full = path.join(directory, entry);
    if (statSync(full).isDirectory()) found = found.concat(findFiles(full, suffix));
    else if (entry.endsWith(suffix)) found.push(full);
  }
  return found;
}

const sources = sourceRoots.flatMap((dir) => findFiles(path.join(root, dir), '.test.ts'));
const compiled = sources.map((file) =>
  path.join(root, 'dist', path.relative(root, file)).replace(/\.ts$/, '.js'),
);
const missing = compiled.filter((file) => {
  try {
    return !statSync(file).isFile();
  } catch {
    return true;
  }
});
if (sources.length === 0 || missing.length > 0) {
  console.error(
    `run-tests: ${sources.length} test sources, ${missing.length} not compiled: ${missing.join(', ')}`,
  );
  process.exit(1);
}
const filter = process.argv.slice(2);
const selected =
  filter.length > 0 ? compiled.filter((file) => filter.some((part) => file.includes(part))) : compiled;
const result = spawnSync(process.execPath, ['--test', ...selected], { stdio: 'inherit', cwd: root });
process.exit(result.status ?? 1);

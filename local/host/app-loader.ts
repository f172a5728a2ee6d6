/**
 * Loads the app's entry module the way the Node worker does: package.json "main" relative to the app root,
 * imported as ESM for `.mjs` or a `"type": "module"` package, required otherwise.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

interface PackageManifest {
  main?: unknown;
  type?: unknown;
}

export async function loadAppEntry(appRoot: string): Promise<string> {
  const manifestPath = path.join(appRoot, 'package.json');
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as PackageManifest;
  const main = typeof manifest.main === 'string' && manifest.main !== '' ? manifest.main : 'index.js';
  if (/[*?[\]{}!]/.test(main)) {
    throw new Error(`package.json "main" is a glob ("${main}"); the local host loads a single entry file.`);
  }
  const entry = path.resolve(appRoot, main);
  const isEsm = entry.endsWith('.mjs') || (!entry.endsWith('.cjs') && manifest.type === 'module');
  if (isEsm) await import(pathToFileURL(entry).href);
  else createRequire(manifestPath)(entry);
  return entry;
}

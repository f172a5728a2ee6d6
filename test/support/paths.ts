/** Paths tests need: the repository root and the shared public corpus beside the checkout. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findRepositoryRoot(): string {
  let directory = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(directory, 'package.json'))) {
    const parent = path.dirname(directory);
    if (parent === directory) throw new Error('package.json not found above the test files');
    directory = parent;
  }
  return directory;
}

export const repositoryRoot = findRepositoryRoot();

/**
 * `../shared/corpus` beside the checkout. A test that needs it fails loudly when it is missing; it never skips.
 */
export function corpusPath(...parts: string[]): string {
  const corpus = path.resolve(repositoryRoot, '..', 'shared', 'corpus');
  if (!existsSync(corpus)) throw new Error(`The shared BPMN corpus is missing at ${corpus}`);
  return path.join(corpus, ...parts);
}

export const cliEntry = path.join(repositoryRoot, 'dist', 'cli', 'caseflow.js');

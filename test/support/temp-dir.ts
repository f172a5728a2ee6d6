import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A fresh folder under the system temp folder, and its removal; each test file gets its own. */
export function makeTempDir(label: string): { path: string; remove(): void } {
  const created = mkdtempSync(path.join(os.tmpdir(), `caseflow-${label}-`));
  return { path: created, remove: () => rmSync(created, { recursive: true, force: true }) };
}

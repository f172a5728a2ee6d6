/**
 * The local development token issuer's settings: enabled, with an HMAC secret generated once per data folder
 * (so tokens survive a restart of `npm start` but are worthless anywhere else).
 */
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { settings } from '../shared/config/registry.js';

export async function devAuthSettings(dataDir: string): Promise<Record<string, string>> {
  const file = path.join(dataDir, 'dev-auth-secret');
  let secret: string;
  try {
    secret = (await readFile(file, 'utf8')).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    secret = randomBytes(32).toString('base64url');
    await writeFile(file, secret, { mode: 0o600 });
  }
  return { [settings.devAuth.name]: 'true', [settings.devAuthSecret.name]: secret };
}

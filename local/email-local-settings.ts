/**
 * The local cloud's email settings: a reply-token signing secret and an inbound webhook secret generated
 * once per data folder (like the development token secret), and the reply domain `reply.caseflow.local`,
 * so `npm start` issues reply tokens and accepts inbound mail. local.settings.json may override them.
 */
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { settings } from '../shared/config/registry.js';

export const localReplyDomain = 'reply.caseflow.local';

interface LocalEmailSecrets {
  readonly tokenSecret: string;
  readonly inboundSecret: string;
}

export async function emailLocalSettings(dataDir: string): Promise<Record<string, string>> {
  const file = path.join(dataDir, 'email-secrets.json');
  let secrets: LocalEmailSecrets;
  try {
    secrets = JSON.parse(await readFile(file, 'utf8')) as LocalEmailSecrets;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    secrets = {
      tokenSecret: randomBytes(32).toString('base64url'),
      inboundSecret: randomBytes(24).toString('base64url'),
    };
    await writeFile(file, JSON.stringify(secrets), { mode: 0o600 });
  }
  return {
    [settings.emailTokenSecret.name]: secrets.tokenSecret,
    [settings.emailReplyDomain.name]: localReplyDomain,
    [settings.emailInboundSecret.name]: secrets.inboundSecret,
  };
}

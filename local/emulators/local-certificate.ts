/**
 * The one TLS certificate the local HTTPS emulators (Cosmos DB, Key Vault) serve. It is generated on first start
 * (pure JS, no download) and kept in the data folder, so a client that trusts it once keeps trusting it across
 * restarts. Clients trust it per client (`ca`); TLS verification is never switched off.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { generate } from 'selfsigned';
import { writeFileAtomically } from './atomic-file.js';

export interface LocalCertificate {
  /** PEM of the self-signed certificate: what clients pass as `ca`. */
  readonly certPem: string;
  readonly keyPem: string;
  readonly certFile: string;
}

const validityDays = 3650;

export async function ensureLocalCertificate(dataDir: string): Promise<LocalCertificate> {
  const directory = path.join(dataDir, 'tls');
  const certFile = path.join(directory, 'local-cert.pem');
  const keyFile = path.join(directory, 'local-key.pem');
  if (existsSync(certFile) && existsSync(keyFile)) {
    return { certPem: readFileSync(certFile, 'utf8'), keyPem: readFileSync(keyFile, 'utf8'), certFile };
  }
  mkdirSync(directory, { recursive: true });
  const notBeforeDate = new Date();
  const generated = await generate([{ name: 'commonName', value: 'caseflow-local' }], {
    keyType: 'ec',
    curve: 'P-256',
    notBeforeDate,
    notAfterDate: new Date(notBeforeDate.getTime() + validityDays * 24 * 60 * 60 * 1000),
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', digitalSignature: true, keyCertSign: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });
  // Key first: a certificate file without its key would be reused on the next start.
  writeFileAtomically(keyFile, generated.private);
  writeFileAtomically(certFile, generated.cert);
  return { certPem: generated.cert, keyPem: generated.private, certFile };
}

/**
 * Starts the whole local cloud's emulators at once (Azurite, Cosmos DB, Key Vault, SMTP) over one data folder,
 * and returns the app settings that point the app at them. `ports: 'standard'` uses the well-known ports (for
 * `npm start`); `'free'` lets each server pick a free port (for tests, so parallel runs never collide).
 */
import { mkdirSync } from 'node:fs';
import { settings as settingDeclarations } from '../../shared/config/registry.js';
import { standardAzuritePorts, startAzurite } from './azurite.js';
import { standardCosmosPort, startCosmos, type LocalCosmosConnection } from './cosmos.js';
import { standardKeyVaultPort, startKeyVault } from './key-vault.js';
import { localKeyVaultToken } from './key-vault-credential.js';
import { ensureLocalCertificate } from './local-certificate.js';
import { standardSmtpPorts, startSmtp } from './smtp.js';

export { createLocalCosmosClient } from './cosmos-client.js';
export type { LocalCosmosConnection } from './cosmos.js';
export { createLocalSecretClient } from './key-vault-client.js';
export { localKeyVaultCredential } from './key-vault-credential.js';
export { listMail, readMail, type ReceivedMail } from './mailbox.js';

export interface EmulatorsOptions {
  /** One folder for all emulator data; each emulator keeps to its own subfolder. */
  readonly dataDir: string;
  readonly ports: 'standard' | 'free';
}

export interface RunningEmulators {
  /** App settings (environment names from shared/config/registry.ts) pointing the app at the emulators. */
  readonly settings: Record<string, string>;
  readonly urls: {
    readonly blob: string;
    readonly queue: string;
    readonly table: string;
    readonly cosmos: string;
    readonly keyVault: string;
    readonly smtp: string;
    readonly mailbox: string;
  };
  readonly cosmos: LocalCosmosConnection;
  /** The certificate (PEM) the HTTPS emulators serve; clients trust it per client. */
  readonly caPem: string;
  stop(): Promise<void>;
}

export async function startEmulators(options: EmulatorsOptions): Promise<RunningEmulators> {
  mkdirSync(options.dataDir, { recursive: true });
  const standard = options.ports === 'standard';
  const certificate = await ensureLocalCertificate(options.dataDir);
  const started = await Promise.allSettled([
    startAzurite({ dataDir: options.dataDir, ...(standard ? { ports: standardAzuritePorts } : {}) }),
    startCosmos({ dataDir: options.dataDir, certificate, port: standard ? standardCosmosPort : 0 }),
    startKeyVault({ dataDir: options.dataDir, certificate, port: standard ? standardKeyVaultPort : 0 }),
    startSmtp({ dataDir: options.dataDir, ...(standard ? { ports: standardSmtpPorts } : {}) }),
  ]);
  const stopAll = (): Promise<void> =>
    Promise.all(started.map((each) => (each.status === 'fulfilled' ? each.value.stop() : undefined))).then(
      () => undefined,
    );
  const failed = started.find((each) => each.status === 'rejected');
  if (failed !== undefined) {
    // One emulator could not start (typically a port in use): leave nothing running behind.
    await stopAll();
    throw failed.reason;
  }
  const [azurite, cosmos, keyVault, smtp] = started.map(
    (each) => (each as PromiseFulfilledResult<unknown>).value,
  ) as [
    Awaited<ReturnType<typeof startAzurite>>,
    Awaited<ReturnType<typeof startCosmos>>,
    Awaited<ReturnType<typeof startKeyVault>>,
    Awaited<ReturnType<typeof startSmtp>>,
  ];
  return {
    settings: {
      [settingDeclarations.storageConnection.name]: azurite.connectionString,
      [settingDeclarations.cosmosEndpoint.name]: cosmos.connection.endpoint,
      [settingDeclarations.cosmosKey.name]: cosmos.connection.key,
      [settingDeclarations.keyVaultUrl.name]: keyVault.vaultUrl,
      [settingDeclarations.keyVaultLocalToken.name]: localKeyVaultToken,
      [settingDeclarations.smtpHost.name]: smtp.host,
      [settingDeclarations.smtpPort.name]: String(smtp.port),
      [settingDeclarations.localCaFile.name]: certificate.certFile,
    },
    urls: {
      ...azurite.endpoints,
      cosmos: cosmos.connection.endpoint,
      keyVault: keyVault.vaultUrl,
      smtp: `smtp://${smtp.host}:${smtp.port}`,
      mailbox: smtp.mailboxUrl,
    },
    cosmos: cosmos.connection,
    caPem: certificate.certPem,
    stop: stopAll,
  };
}

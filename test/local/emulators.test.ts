import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { QueueClient } from '@azure/storage-queue';
import nodemailer from 'nodemailer';
import { createLocalCosmosClient } from '../../local/emulators/cosmos-client.js';
import { startEmulators, type RunningEmulators } from '../../local/emulators/index.js';
import { createLocalSecretClient } from '../../local/emulators/key-vault-client.js';
import { listMail } from '../../local/emulators/mailbox.js';
import { readSetting } from '../../shared/config/registry.js';
import { makeTempDir } from '../support/temp-dir.js';

describe('startEmulators', () => {
  const dataDir = makeTempDir('emulators');
  let emulators: RunningEmulators;

  before(async () => {
    emulators = await startEmulators({ dataDir: dataDir.path, ports: 'free' });
  });
  after(async () => {
    await emulators.stop();
    dataDir.remove();
  });

  it('returns app settings that the settings registry reads and that reach every emulator', async () => {
    const env = emulators.settings;
    const queue = new QueueClient(readSetting('storageConnection', env), 'settings-check');
    await queue.createIfNotExists();

    const caPem = emulators.caPem;
    const cosmos = createLocalCosmosClient({
      endpoint: readSetting('cosmosEndpoint', env),
      key: readSetting('cosmosKey', env),
      caPem,
    });
    await cosmos.databases.createIfNotExists({ id: 'settings-check' });

    const secrets = createLocalSecretClient(readSetting('keyVaultUrl', env), caPem);
    await secrets.setSecret('settings-check', 'ok');

    const transport = nodemailer.createTransport({
      host: readSetting('smtpHost', env),
      port: readSetting('smtpPort', env),
      secure: false,
    });
    await transport.sendMail({ from: 'a@example.test', to: 'b@example.test', subject: 'settings-check' });
    assert.deepEqual(
      listMail(dataDir.path).map((mail) => mail.subject),
      ['settings-check'],
    );
  });

  it('points the CA setting at the certificate the HTTPS emulators serve', () => {
    assert.equal(readFileSync(readSetting('localCaFile', emulators.settings), 'utf8'), emulators.caPem);
  });
});

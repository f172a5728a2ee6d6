import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Agent, request as httpsRequest } from 'node:https';
import { after, before, describe, it } from 'node:test';
import { QueueClient } from '@azure/storage-queue';
import nodemailer from 'nodemailer';
import { createLocalCosmosClient } from '../../local/emulators/cosmos-client.js';
import { startEmulators, type RunningEmulators } from '../../local/emulators/index.js';
import { createLocalSecretClient } from '../../local/emulators/key-vault-client.js';
import { listMail } from '../../local/emulators/mailbox.js';
import { idleConnectionSeconds } from '../../local/idle-connections.js';
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

  it('keeps idle connections open longer than clients keep them, on every HTTP emulator', async () => {
    // Clients close an idle connection a second before the advertised timeout: with a long one they close first.
    const advertised = `timeout=${idleConnectionSeconds}`;
    for (const url of [
      emulators.urls.blob,
      emulators.urls.queue,
      emulators.urls.table,
      emulators.urls.mailbox,
    ]) {
      const response = await fetch(url);
      await response.arrayBuffer();
      assert.equal(response.headers.get('keep-alive'), advertised, url);
    }
    for (const url of [emulators.urls.cosmos, emulators.urls.keyVault]) {
      assert.equal(await keepAliveHeader(url, emulators.caPem), advertised, url);
    }
  });

  it('points the CA setting at the certificate the HTTPS emulators serve', () => {
    assert.equal(readFileSync(readSetting('localCaFile', emulators.settings), 'utf8'), emulators.caPem);
  });
});

/** The Keep-Alive header of a keep-alive GET over HTTPS trusting `caPem` (fetch takes no CA per request). */
function keepAliveHeader(url: string, caPem: string): Promise<string | undefined> {
  const agent = new Agent({ ca: caPem, keepAlive: true });
  return new Promise<string | undefined>((resolve, reject) => {
    const request = httpsRequest(url, { agent }, (response) => {
      const header = response.headers['keep-alive'];
      response.resume();
      response.on('end', () => resolve(Array.isArray(header) ? header.join(', ') : header));
    });
    request.on('error', reject);
    request.end();
  }).finally(() => agent.destroy());
}

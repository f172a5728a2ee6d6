import assert from 'node:assert/strict';
import { request } from 'node:https';
import { after, before, describe, it } from 'node:test';
import { createLocalSecretClient } from '../../local/emulators/key-vault-client.js';
import { startKeyVault, type RunningKeyVault } from '../../local/emulators/key-vault.js';
import { ensureLocalCertificate, type LocalCertificate } from '../../local/emulators/local-certificate.js';
import { makeTempDir } from '../support/temp-dir.js';

describe('local Key Vault', () => {
  const dataDir = makeTempDir('key-vault');
  let certificate: LocalCertificate;
  let vault: RunningKeyVault;
  const client = () => createLocalSecretClient(vault.vaultUrl, certificate.certPem);

  before(async () => {
    certificate = await ensureLocalCertificate(dataDir.path);
    vault = await startKeyVault({ dataDir: dataDir.path, certificate });
  });
  after(async () => {
    await vault.stop();
    dataDir.remove();
  });

  it('answers an unauthenticated request with a Bearer challenge naming the Key Vault resource', async () => {
    const answer = await new Promise<{ status?: number; challenge?: string }>((resolve, reject) => {
      request(new URL('secrets?api-version=7.5', vault.vaultUrl), { ca: certificate.certPem }, (response) => {
        response.resume();
        resolve({ status: response.statusCode, challenge: response.headers['www-authenticate'] });
      })
        .on('error', reject)
        .end();
    });
    assert.equal(answer.status, 401);
    assert.match(
      answer.challenge ?? '',
      /^Bearer authorization="[^"]+", resource="https:\/\/vault\.azure\.net"$/,
    );
  });

  it('sets secrets and gets the latest version or a given one through SecretClient', async () => {
    const secrets = client();
    const first = await secrets.setSecret('smtp-password', 'one', { contentType: 'text/plain' });
    await secrets.setSecret('smtp-password', 'two');
    assert.equal((await secrets.getSecret('smtp-password')).value, 'two');
    const old = await secrets.getSecret('smtp-password', { version: first.properties.version! });
    assert.equal(old.value, 'one');
    assert.equal(old.properties.contentType, 'text/plain');
    const versions = [];
    for await (const version of secrets.listPropertiesOfSecretVersions('smtp-password'))
      versions.push(version);
    assert.equal(versions.length, 2);
  });

  it('lists secrets without their values', async () => {
    const secrets = client();
    await secrets.setSecret('api-key', 'k');
    const names = [];
    for await (const properties of secrets.listPropertiesOfSecrets()) names.push(properties.name);
    assert.deepEqual(names.sort(), ['api-key', 'smtp-password']);
  });

  it('reports a missing secret as 404 SecretNotFound', async () => {
    await assert.rejects(client().getSecret('missing'), (error: { statusCode?: number; code?: string }) => {
      return error.statusCode === 404 && error.code === 'SecretNotFound';
    });
  });

  it('deletes a secret (soft delete), then purges it', async () => {
    const secrets = client();
    await secrets.setSecret('temporary', 'x');
    const poller = await secrets.beginDeleteSecret('temporary');
    const deleted = await poller.pollUntilDone();
    assert.equal(deleted.name, 'temporary');
    await assert.rejects(
      secrets.getSecret('temporary'),
      (error: { statusCode?: number }) => error.statusCode === 404,
    );
    assert.equal((await secrets.getDeletedSecret('temporary')).name, 'temporary');
    await secrets.purgeDeletedSecret('temporary');
    await assert.rejects(
      secrets.getDeletedSecret('temporary'),
      (error: { statusCode?: number }) => error.statusCode === 404,
    );
  });

  it('updates secret properties and recovers a deleted secret', async () => {
    const secrets = client();
    const set = await secrets.setSecret('feature-flag', 'on');
    await secrets.updateSecretProperties('feature-flag', set.properties.version!, { tags: { owner: 'ops' } });
    assert.deepEqual((await secrets.getSecret('feature-flag')).properties.tags, { owner: 'ops' });
    await (await secrets.beginDeleteSecret('feature-flag')).pollUntilDone();
    await assert.rejects(secrets.setSecret('feature-flag', 'again'), (error: { statusCode?: number }) => {
      return error.statusCode === 409;
    });
    await (await secrets.beginRecoverDeletedSecret('feature-flag')).pollUntilDone();
    assert.equal((await secrets.getSecret('feature-flag')).value, 'on');
  });

  it('keeps secrets across a restart', async () => {
    await vault.stop();
    vault = await startKeyVault({ dataDir: dataDir.path, certificate });
    assert.equal((await client().getSecret('smtp-password')).value, 'two');
  });
});

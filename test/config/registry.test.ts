import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CaseflowError } from '../../shared/errors/caseflow-error.js';
import { readOptionalSetting, readSetting, readStorageConnection } from '../../shared/config/registry.js';

const hasCode = (code: string) => (error: unknown) => error instanceof CaseflowError && error.code === code;

describe('the settings registry', () => {
  it('reads an absent optional setting as undefined where readSetting would throw', () => {
    assert.equal(readOptionalSetting('cosmosKey', {}), undefined);
    assert.equal(readOptionalSetting('cosmosKey', { CASEFLOW_COSMOS_KEY: 'k' }), 'k');
    assert.throws(() => readSetting('cosmosKey', {}), hasCode('config.missing-setting'));
    assert.equal(readOptionalSetting('maxJsonBodyBytes', {}), 1024 * 1024);
    assert.throws(
      () => readOptionalSetting('maxJsonBodyBytes', { CASEFLOW_MAX_JSON_BODY_BYTES: 'lots' }),
      hasCode('config.invalid-setting'),
    );
  });

  it('reads the storage connection as a connection string locally and identity-based in Azure', () => {
    assert.deepEqual(readStorageConnection({ AzureWebJobsStorage: 'UseDevelopmentStorage=true' }), {
      kind: 'connection-string',
      connectionString: 'UseDevelopmentStorage=true',
    });
    assert.deepEqual(
      readStorageConnection({ AzureWebJobsStorage__blobServiceUri: 'https://acct.blob.core.windows.net' }),
      { kind: 'identity', blobServiceUri: 'https://acct.blob.core.windows.net' },
    );
    assert.deepEqual(readStorageConnection({ AzureWebJobsStorage__accountName: 'acct' }), {
      kind: 'identity',
      blobServiceUri: 'https://acct.blob.core.windows.net',
    });
    assert.throws(() => readStorageConnection({}), hasCode('config.missing-setting'));
  });
});

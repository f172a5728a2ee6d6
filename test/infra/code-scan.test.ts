import assert from 'node:assert/strict';
import { test } from 'node:test';
import { environmentReads, readSources, servicesCalled } from './code-scan.js';
import { formatFindings } from './finding.js';
import { fixturePath } from './infra-sources.js';
import { repositoryRoot } from '../support/paths.js';

test('functions/, shared/ and cli/ read the environment only through the settings registry', () => {
  const sources = readSources(repositoryRoot);
  assert.ok(sources.some((source) => source.path === 'shared/config/registry.ts'));
  assert.equal(formatFindings(environmentReads(sources)), '');
});

test('a direct process.env read and an unmapped Azure SDK are reported', () => {
  const sources = readSources(fixturePath('broken-code'));
  assert.deepEqual(
    environmentReads(sources).map((f) => `${f.file}:${f.line}`),
    ['functions/reads-environment.ts:5'],
  );
  assert.deepEqual(
    servicesCalled(sources).unknown.map((f) => `${f.file}:${f.line} ${f.message}`),
    [
      'functions/reads-environment.ts:3 imports @azure/service-bus, which the infra checks do not map to an Azure service (test/infra/code-scan.ts)',
    ],
  );
});

test('Azure SDK imports name the services the code calls', () => {
  const sources = [
    {
      path: 'shared/a.ts',
      text: "import { CosmosClient } from '@azure/cosmos';\nimport type { X } from '@azure/functions';",
    },
    { path: 'shared/b.ts', text: "const { BlobServiceClient } = await import('@azure/storage-blob');" },
    {
      path: 'shared/c.ts',
      text: "import { SecretClient } from '@azure/keyvault-secrets';\nimport '@azure/core-auth';",
    },
  ];
  const called = servicesCalled(sources);
  assert.deepEqual(called.services, ['cosmos', 'keyVault', 'storage']);
  assert.deepEqual(called.unknown, []);
});

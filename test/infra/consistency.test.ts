import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadTemplateSet } from './bicep-model.js';
import { servicesCalled, readSources } from './code-scan.js';
import { checkConsistency, servicesUsed, type RegistryView } from './consistency-rules.js';
import { formatFindings } from './finding.js';
import { fixturePath, loadInfra, registryView } from './infra-sources.js';
import { repositoryRoot } from '../support/paths.js';

test('the infra templates match the settings registry and the services the code calls', async () => {
  const code = servicesCalled(readSources(repositoryRoot));
  assert.equal(formatFindings(code.unknown), '');
  const services = servicesUsed(registryView(), code.services);
  for (const service of ['storage', 'cosmos', 'keyVault'] as const) assert.ok(services.has(service), service);
  const findings = checkConsistency(await loadInfra(), registryView(), code.services);
  assert.equal(formatFindings(findings), '');
});

test('a setting, container, queue or blob container added to the registry without Bicep fails', async () => {
  const registry = registryView();
  const extended: RegistryView = {
    settings: [
      ...registry.settings,
      { name: 'CASEFLOW_NEW_SETTING', optional: false },
      { name: 'CASEFLOW_NEW_OPTIONAL', optional: true },
      { name: 'ServiceBusConnection', optional: false, azure: 'identity-connection' },
    ],
    cosmosDatabase: registry.cosmosDatabase,
    cosmosContainers: [...registry.cosmosContainers, { name: 'timers', partitionKey: '/tenantId' }],
    storageQueues: [...registry.storageQueues, { name: 'jobs' }],
    blobContainers: [...registry.blobContainers, { name: 'attachments' }],
  };
  const messages = checkConsistency(await loadInfra(), extended, []).map((f) => `${f.check}: ${f.message}`);
  assert.deepEqual(messages.sort(), [
    'app-settings: ServiceBusConnection has no __...Uri or __accountName',
    'app-settings: ServiceBusConnection__clientId is not set',
    'app-settings: ServiceBusConnection__credential is not set',
    'app-settings: required setting CASEFLOW_NEW_SETTING is not set by the templates',
    'cosmos: container timers is not created',
    'storage: blob container attachments is not created',
    'storage: queue jobs is not created',
  ]);
});

test('a service the code calls without a role for the app identity fails', async () => {
  const registry = registryView();
  const withoutAi = await loadInfra();
  const templates = withoutAi.templates.filter((template) => template.path !== 'modules/ai.bicep');
  const messages = checkConsistency({ ...withoutAi, templates }, registry, ['openAi', 'contentSafety']).map(
    (f) => f.message,
  );
  assert.deepEqual(messages, [
    'the code uses openAi, but the app identity has no cognitiveServicesOpenAiUser role on a Microsoft.CognitiveServices/accounts',
    'the code uses contentSafety, but the app identity has no cognitiveServicesUser role on a Microsoft.CognitiveServices/accounts',
  ]);
});

test('the broken fixture fails every consistency check', async () => {
  const findings = checkConsistency(
    await loadTemplateSet(fixturePath('broken-consistency')),
    registryView(),
    [],
  );
  const messages = findings.map((f) => `${f.check}: ${f.message}`).sort();
  assert.deepEqual(messages, [
    'app-settings: AzureWebJobsStorage must be an identity-based connection in Azure',
    'app-settings: AzureWebJobsStorage needs blob, queue and table service URIs (or __accountName)',
    'app-settings: AzureWebJobsStorage__clientId is not set',
    'app-settings: AzureWebJobsStorage__credential is not set',
    'app-settings: CASEFLOW_COSMOS_KEY is local-only and must not be set in Azure',
    'app-settings: CASEFLOW_UNDECLARED is neither declared in the registry nor a platform setting',
    'app-settings: required setting CASEFLOW_ATTACHMENT_ORPHAN_SCHEDULE is not set by the templates',
    'app-settings: required setting CASEFLOW_CASE_SWEEP_SCHEDULE is not set by the templates',
    'app-settings: required setting CASEFLOW_EMAIL_OVERDUE_SCHEDULE is not set by the templates',
    'app-settings: required setting CASEFLOW_ENVIRONMENT is not set by the templates',
    'app-settings: required setting CASEFLOW_KEY_VAULT_URL is not set by the templates',
    'app-settings: required setting CASEFLOW_SMTP_HOST is not set by the templates',
    'cosmos: Cosmos database caseflow is not created',
    'cosmos: container cases is not created',
    'cosmos: container connectors is not created',
    'cosmos: container definitions must be partitioned by /tenantId alone',
    'cosmos: container email is not created',
    'cosmos: container incidents is not created',
    'cosmos: container jobs is not created',
    'cosmos: container messages is not created',
    'cosmos: container stray is not declared in the registry',
    'cosmos: container tasks is not created',
    "roles: module grant must get the app identity's principal id",
    'roles: the code uses cosmos, but the app identity has no cosmosDataContributor role on a Microsoft.DocumentDB/databaseAccounts',
    'roles: the code uses keyVault, but the app identity has no keyVaultSecretsOfficer role on a Microsoft.KeyVault/vaults',
    'roles: the code uses storage, but the app identity has no storageBlobDataOwner role on a Microsoft.Storage/storageAccounts',
    'roles: the code uses storage, but the app identity has no storageQueueDataContributor role on a Microsoft.Storage/storageAccounts',
    'roles: the code uses storage, but the app identity has no storageTableDataContributor role on a Microsoft.Storage/storageAccounts',
    'storage: blob container case-attachments is not created',
    'storage: blob container email-inbound is not created',
    'storage: blob container model-sources is not created',
    'storage: blob container stray-documents is not declared in the registry',
    'storage: queue email-inbound is not created',
    'storage: queue email-outbound is not created',
    'storage: queue job-dispatch is not created',
  ]);
});

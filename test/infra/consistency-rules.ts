/**
 * Consistency between the code's declarations (shared/config/registry.ts) and the templates: app settings in
 * both directions, Cosmos database and containers (with partition keys), queues and blob containers, and a data
 * role for the app identity on every Azure service the code reaches. New registry entries are picked up
 * automatically, so a setting, container or queue added to the registry without Bicep fails these checks.
 */
import type { AzureProvision, AzureService } from '../../shared/config/registry.js';
import type { TemplateSet } from './bicep-model.js';
import type { Finding } from './finding.js';
import { isArray, render } from './bicep-values.js';
import {
  appSettingNames,
  namesOf,
  property,
  resolveModule,
  resourcesOfType,
  roleAssignments,
  type RoleAssignment,
} from './template-queries.js';

export interface RegistryView {
  readonly settings: readonly {
    readonly name: string;
    readonly optional: boolean;
    readonly azure?: AzureProvision;
    readonly service?: AzureService;
  }[];
  readonly cosmosDatabase: { readonly name: string };
  readonly cosmosContainers: readonly { readonly name: string; readonly partitionKey: string }[];
  readonly storageQueues: readonly { readonly name: string }[];
  readonly blobContainers: readonly { readonly name: string }[];
}

/** App settings the platform reads (Functions host, Application Insights, Azure SDK credential, Durable). */
const platformSettings = new Set([
  'APPLICATIONINSIGHTS_CONNECTION_STRING',
  'APPLICATIONINSIGHTS_AUTHENTICATION_STRING',
  'AZURE_CLIENT_ID',
  'DURABLE_TASK_SCHEDULER_CONNECTION_STRING',
  'TASKHUB_NAME',
]);
/** host.json overrides (`AzureFunctionsJobHost__path__to__key`). */
const hostOverridePrefix = 'AzureFunctionsJobHost__';
const connectionSuffixes = new Set([
  'credential',
  'clientId',
  'blobServiceUri',
  'queueServiceUri',
  'tableServiceUri',
  'accountName',
  'accountEndpoint',
  'serviceUri',
  'fullyQualifiedNamespace',
]);
const endpointSuffixes = [...connectionSuffixes].filter(
  (suffix) => suffix !== 'credential' && suffix !== 'clientId',
);
/** Blob containers the platform owns: the Flex Consumption deployment package. */
const platformBlobContainers = new Set(['app-package']);

/** The parameter every module names the app identity's principal id with. */
export const identityPrincipalParameter = 'identityPrincipalId';

/** Role (key in roleIds) the app identity needs on each service, and the resource type it is assigned on. */
const requiredRoles: Readonly<Record<AzureService, readonly { roleKey: string; scopeType: string }[]>> = {
  storage: [
    // Functions host leases and deployment package, Durable blobs, queues and history tables.
    { roleKey: 'storageBlobDataOwner', scopeType: 'Microsoft.Storage/storageAccounts' },
    { roleKey: 'storageQueueDataContributor', scopeType: 'Microsoft.Storage/storageAccounts' },
    { roleKey: 'storageTableDataContributor', scopeType: 'Microsoft.Storage/storageAccounts' },
  ],
  cosmos: [{ roleKey: 'cosmosDataContributor', scopeType: 'Microsoft.DocumentDB/databaseAccounts' }],
  keyVault: [{ roleKey: 'keyVaultSecretsOfficer', scopeType: 'Microsoft.KeyVault/vaults' }],
  openAi: [{ roleKey: 'cognitiveServicesOpenAiUser', scopeType: 'Microsoft.CognitiveServices/accounts' }],
  contentSafety: [{ roleKey: 'cognitiveServicesUser', scopeType: 'Microsoft.CognitiveServices/accounts' }],
};

export function checkConsistency(
  set: TemplateSet,
  registry: RegistryView,
  codeServices: readonly AzureService[],
): Finding[] {
  return [
    ...appSettings(set, registry),
    ...cosmos(set, registry),
    ...storageNames(
      set,
      'queue',
      'Microsoft.Storage/storageAccounts/queueServices/queues',
      registry.storageQueues,
      new Set(),
    ),
    ...storageNames(
      set,
      'blob container',
      'Microsoft.Storage/storageAccounts/blobServices/containers',
      registry.blobContainers,
      platformBlobContainers,
    ),
    ...roles(set, servicesUsed(registry, codeServices)),
  ];
}

function appSettings(set: TemplateSet, registry: RegistryView): Finding[] {
  const settings = appSettingNames(set);
  const names = new Set(settings.map((setting) => setting.value));
  const where = settings[0] ?? { file: 'main.bicep', line: 1 };
  const findings: Finding[] = [];
  const identityConnections = new Set<string>();
  for (const declared of registry.settings) {
    const provision = declared.azure ?? 'value';
    if (provision === 'local-only' && names.has(declared.name)) {
      findings.push(at(where, 'app-settings', `${declared.name} is local-only and must not be set in Azure`));
    }
    if (provision === 'value' && !declared.optional && !names.has(declared.name)) {
      findings.push(
        at(where, 'app-settings', `required setting ${declared.name} is not set by the templates`),
      );
    }
    if (provision === 'identity-connection') {
      identityConnections.add(declared.name);
      findings.push(...identityConnection(declared.name, declared.service, names, where));
    }
  }
  // Declared names set the wrong way (local-only, identity connections) are reported above.
  const declaredNames = new Set(registry.settings.map((declared) => declared.name));
  for (const setting of settings) {
    const [prefix = '', suffix] = setting.value.split('__', 2);
    const known =
      declaredNames.has(setting.value) ||
      platformSettings.has(setting.value) ||
      setting.value.startsWith(hostOverridePrefix) ||
      (identityConnections.has(prefix) && suffix !== undefined && connectionSuffixes.has(suffix));
    if (!known) {
      findings.push(
        at(
          setting,
          'app-settings',
          `${setting.value} is neither declared in the registry nor a platform setting`,
        ),
      );
    }
  }
  return findings;
}

/** `<name>__credential`, `__clientId` and an endpoint; never the plain name, which would carry a secret. */
function identityConnection(
  name: string,
  service: AzureService | undefined,
  names: ReadonlySet<string>,
  where: { file: string; line: number },
): Finding[] {
  const findings: Finding[] = [];
  if (names.has(name))
    findings.push(at(where, 'app-settings', `${name} must be an identity-based connection in Azure`));
  for (const suffix of ['credential', 'clientId']) {
    if (!names.has(`${name}__${suffix}`))
      findings.push(at(where, 'app-settings', `${name}__${suffix} is not set`));
  }
  const endpoints = endpointSuffixes.filter((suffix) => names.has(`${name}__${suffix}`));
  if (endpoints.length === 0)
    findings.push(at(where, 'app-settings', `${name} has no __...Uri or __accountName`));
  // Durable Functions on the Azure Storage backend hangs with only the blob endpoint.
  const storageComplete =
    endpoints.includes('accountName') ||
    ['blobServiceUri', 'queueServiceUri', 'tableServiceUri'].every((suffix) => endpoints.includes(suffix));
  if (service === 'storage' && endpoints.length > 0 && !storageComplete) {
    findings.push(
      at(where, 'app-settings', `${name} needs blob, queue and table service URIs (or __accountName)`),
    );
  }
  return findings;
}

function cosmos(set: TemplateSet, registry: RegistryView): Finding[] {
  const findings: Finding[] = [];
  const databases = namesOf(set, 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases');
  if (!databases.some((database) => database.value === registry.cosmosDatabase.name)) {
    const where = databases[0] ?? { file: 'main.bicep', line: 1 };
    findings.push(at(where, 'cosmos', `Cosmos database ${registry.cosmosDatabase.name} is not created`));
  }
  const created = new Map<string, { partitionKeys: readonly unknown[]; file: string; line: number }>();
  for (const resource of resourcesOfType(
    set,
    'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers',
  )) {
    for (const body of resource.instances) {
      const name = body['name'];
      const paths = property(body, 'properties.resource.partitionKey.paths');
      if (typeof name === 'string') {
        created.set(name, {
          partitionKeys: isArray(paths) ? paths : [],
          file: resource.file,
          line: resource.line,
        });
      }
    }
  }
  for (const container of registry.cosmosContainers) {
    const match = created.get(container.name);
    if (!match)
      findings.push(
        at({ file: 'main.bicep', line: 1 }, 'cosmos', `container ${container.name} is not created`),
      );
    else if (match.partitionKeys.length !== 1 || match.partitionKeys[0] !== container.partitionKey) {
      findings.push(
        at(
          match,
          'cosmos',
          `container ${container.name} must be partitioned by ${container.partitionKey} alone`,
        ),
      );
    }
  }
  const declared = new Set(registry.cosmosContainers.map((container) => container.name));
  for (const [name, where] of created) {
    if (!declared.has(name))
      findings.push(at(where, 'cosmos', `container ${name} is not declared in the registry`));
  }
  return findings;
}

function storageNames(
  set: TemplateSet,
  kind: string,
  type: string,
  declared: readonly { readonly name: string }[],
  platformOwned: ReadonlySet<string>,
): Finding[] {
  const created = namesOf(set, type);
  const createdNames = new Set(created.map((entry) => entry.value));
  const declaredNames = new Set(declared.map((entry) => entry.name));
  const missing = declared
    .filter((entry) => !createdNames.has(entry.name))
    .map((entry) =>
      at({ file: 'modules/storage.bicep', line: 1 }, 'storage', `${kind} ${entry.name} is not created`),
    );
  const undeclared = created
    .filter((entry) => !declaredNames.has(entry.value) && !platformOwned.has(entry.value))
    .map((entry) => at(entry, 'storage', `${kind} ${entry.value} is not declared in the registry`));
  return [...missing, ...undeclared];
}

/** Services the registry's settings and resource declarations point at, and the ones code imports SDKs for. */
export function servicesUsed(
  registry: RegistryView,
  codeServices: readonly AzureService[],
): Set<AzureService> {
  const services = new Set<AzureService>(codeServices);
  for (const declared of registry.settings) {
    if (declared.service && declared.azure !== 'local-only') services.add(declared.service);
  }
  if (registry.cosmosContainers.length > 0) services.add('cosmos');
  if (registry.storageQueues.length > 0 || registry.blobContainers.length > 0) services.add('storage');
  return services;
}

function roles(set: TemplateSet, services: ReadonlySet<AzureService>): Finding[] {
  const granted = roleAssignments(set).filter(isForAppIdentity);
  const missing = [...services].flatMap((service) =>
    requiredRoles[service]
      .filter((role) => !granted.some((assignment) => grants(assignment, role)))
      .map((role) =>
        at(
          { file: 'main.bicep', line: 1 },
          'roles',
          `the code uses ${service}, but the app identity has no ${role.roleKey} role on a ${role.scopeType}`,
        ),
      ),
  );
  return [...missing, ...identityWiring(set)];
}

/**
 * Modules grant roles to their `identityPrincipalId` parameter, so every module call must pass the principal id
 * output of the identity module (identity.bicep), not some other principal.
 */
function identityWiring(set: TemplateSet): Finding[] {
  return set.templates.flatMap((template) =>
    template.modules.flatMap((module) => {
      const target = resolveModule(set, template.path, module.path);
      if (!target?.parameters.some((parameter) => parameter.name === identityPrincipalParameter)) return [];
      const identityModules = new Set(
        template.modules
          .filter((candidate) => candidate.path.endsWith('identity.bicep'))
          .map((m) => m.symbol),
      );
      const passed = module.instances.map((body) => property(body, `params.${identityPrincipalParameter}`));
      const wired = passed.every((value) => {
        const text = value === undefined ? '' : render(value);
        const outputOf = /^(\w+)\.outputs\.principalId$/.exec(text)?.[1];
        return (
          text === identityPrincipalParameter || (outputOf !== undefined && identityModules.has(outputOf))
        );
      });
      return wired
        ? []
        : [at(module, 'roles', `module ${module.symbol} must get the app identity's principal id`)];
    }),
  );
}

function isForAppIdentity(assignment: RoleAssignment): boolean {
  const servicePrincipal = assignment.dataPlane || assignment.principalType === 'ServicePrincipal';
  return servicePrincipal && assignment.principalText === identityPrincipalParameter;
}

function grants(assignment: RoleAssignment, role: { roleKey: string; scopeType: string }): boolean {
  return assignment.roleKey === role.roleKey && assignment.scopeType === role.scopeType;
}

function at(where: { file: string; line: number }, check: string, message: string): Finding {
  return { check, file: where.file, line: where.line, message };
}

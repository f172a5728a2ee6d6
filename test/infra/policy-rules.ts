/**
 * Policy rules over a template set: no key listing, no secrets in outputs, local (key) auth disabled wherever a
 * resource allows it, tags on every resource, pinned API versions, role ids kept in role-ids.bicep, diagnostic
 * settings on every resource that supports them, no app settings Flex Consumption rejects, and parameter files
 * that match their template.
 */
import type { TemplateSet } from './bicep-model.js';
import type { Finding } from './finding.js';
import {
  allResources,
  appSettingNames,
  property,
  resolveModule,
  roleAssignments,
} from './template-queries.js';

/** The file that owns every role definition id. */
export const roleIdsFile = 'modules/role-ids.bicep';

/** Property (dotted path) and required value that turn off key or local authentication, per resource type. */
const localAuthRules: Readonly<Record<string, readonly (readonly [string, boolean])[]>> = {
  'Microsoft.Storage/storageAccounts': [['properties.allowSharedKeyAccess', false]],
  'Microsoft.DocumentDB/databaseAccounts': [
    ['properties.disableLocalAuth', true],
    ['properties.disableKeyBasedMetadataWriteAccess', true],
  ],
  'Microsoft.CognitiveServices/accounts': [['properties.disableLocalAuth', true]],
  'Microsoft.Insights/components': [['properties.DisableLocalAuth', true]],
  'Microsoft.KeyVault/vaults': [
    ['properties.enableRbacAuthorization', true],
    ['properties.enablePurgeProtection', true],
  ],
  'Microsoft.Web/sites/basicPublishingCredentialsPolicies': [['properties.allow', false]],
};

/** Top-level types that cannot carry tags (extension resources). */
const untaggableTypes = new Set([
  'Microsoft.Authorization/roleAssignments',
  'Microsoft.Insights/diagnosticSettings',
]);

/** Types with no GA API version, where a preview version is the only choice. */
const previewOnlyTypes = new Set(['Microsoft.Insights/diagnosticSettings']);
const oldestApiVersion = '2020-01-01';

/**
 * Types that accept diagnostic settings. The Flex Consumption site and plan are left out: Microsoft documents
 * diagnostic settings as unsupported on Flex, and the app reports through Application Insights instead.
 */
const diagnosableTypes = new Set([
  'Microsoft.OperationalInsights/workspaces',
  'Microsoft.Insights/components',
  'Microsoft.Storage/storageAccounts',
  'Microsoft.Storage/storageAccounts/blobServices',
  'Microsoft.Storage/storageAccounts/queueServices',
  'Microsoft.Storage/storageAccounts/tableServices',
  'Microsoft.DocumentDB/databaseAccounts',
  'Microsoft.KeyVault/vaults',
  'Microsoft.CognitiveServices/accounts',
  'Microsoft.Network/virtualNetworks',
]);

/** App settings the Flex Consumption plan rejects or ignores (Microsoft's Flex deprecation list). */
const flexForbiddenSettings = new Set([
  'FUNCTIONS_WORKER_RUNTIME',
  'FUNCTIONS_WORKER_RUNTIME_VERSION',
  'FUNCTIONS_EXTENSION_VERSION',
  'WEBSITE_RUN_FROM_PACKAGE',
  'WEBSITE_CONTENTSHARE',
  'WEBSITE_CONTENTAZUREFILECONNECTIONSTRING',
  'WEBSITE_NODE_DEFAULT_VERSION',
  'WEBSITE_VNET_ROUTE_ALL',
  'WEBSITE_TIME_ZONE',
]);

/**
 * An Application Insights connection string holds an ingestion endpoint and an id, no credential, once local
 * auth is disabled (telemetry then needs an Entra token); azd and local runs need it.
 */
const nonSecretOutputs = new Set(['APPLICATIONINSIGHTS_CONNECTION_STRING', 'appInsightsConnectionString']);
const secretWords = new Set([
  'key',
  'keys',
  'secret',
  'secrets',
  'password',
  'sas',
  'token',
  'credential',
  'credentials',
]);
const secretOutputValue = /\b(primary|secondary)\w*Key\b|\blist\w*\(|connectionStrings?\b/i;
const keyListing =
  /\blist(Keys|ConnectionStrings|AccountSas|ServiceSas|Secrets|Credentials?)\s*\(|\.list\w*\s*\(/;
const guidLiteral = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

export function checkPolicies(set: TemplateSet): Finding[] {
  return [
    ...noKeyListing(set),
    ...noSecretOutputs(set),
    ...localAuthDisabled(set),
    ...everyResourceTagged(set),
    ...apiVersionsPinned(set),
    ...roleIdsInOnePlace(set),
    ...diagnosticSettings(set),
    ...flexAppSettings(set),
    ...parameterFiles(set),
  ];
}

function noKeyListing(set: TemplateSet): Finding[] {
  return set.templates.flatMap((template) =>
    template.source
      .split('\n')
      .flatMap((text, index) =>
        keyListing.test(text) && !text.trim().startsWith('//')
          ? [
              finding(
                'no-list-keys',
                template.path,
                index + 1,
                'lists keys or secrets; use the managed identity',
              ),
            ]
          : [],
      ),
  );
}

function noSecretOutputs(set: TemplateSet): Finding[] {
  return set.templates.flatMap((template) =>
    template.outputs.flatMap((output) => {
      const secure = output.decorators.includes('@secure');
      const named = namesSecret(output.name) && !nonSecretOutputs.has(output.name);
      const valued = secretOutputValue.test(output.valueText) && !nonSecretOutputs.has(output.name);
      return secure || named || valued
        ? [
            finding(
              'no-secret-outputs',
              template.path,
              output.line,
              `output ${output.name} may expose a secret`,
            ),
          ]
        : [];
    }),
  );
}

/** Splits `AZURE_KEY_VAULT_URL` or `storageAccountKey` into words; "key vault" names a service, not a key. */
function namesSecret(name: string): boolean {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split('_')
    .join(' ')
    .replace(/key vault/g, 'vault')
    .split(' ');
  return words.some((word) => secretWords.has(word)) || words.join(' ').includes('connection string');
}

function localAuthDisabled(set: TemplateSet): Finding[] {
  return allResources(set).flatMap((resource) => {
    const rules = resource.existing ? [] : (localAuthRules[resource.type] ?? []);
    return resource.instances.flatMap((body) =>
      rules
        .filter(([dottedPath, required]) => property(body, dottedPath) !== required)
        .map(([dottedPath, required]) =>
          finding(
            'local-auth-disabled',
            resource.file,
            resource.line,
            `${resource.symbol} (${resource.type}) must set ${dottedPath}: ${required}`,
          ),
        ),
    );
  });
}

function everyResourceTagged(set: TemplateSet): Finding[] {
  const untagged = allResources(set).filter(
    (resource) =>
      !resource.existing &&
      resource.type.split('/').length === 2 &&
      !untaggableTypes.has(resource.type) &&
      resource.instances.some((body) => body['tags'] === undefined),
  );
  const resourceFindings = untagged.map((resource) =>
    finding('tags', resource.file, resource.line, `${resource.symbol} (${resource.type}) has no tags`),
  );
  // A module that takes tags must be given them, or its resources go untagged.
  const moduleFindings = set.templates.flatMap((template) =>
    template.modules.flatMap((module) => {
      const target = resolveModule(set, template.path, module.path);
      const takesTags = target?.parameters.some((parameter) => parameter.name === 'tags') ?? false;
      const missing = module.instances.some((body) => property(body, 'params.tags') === undefined);
      return takesTags && missing
        ? [finding('tags', template.path, module.line, `module ${module.symbol} is not given tags`)]
        : [];
    }),
  );
  return [...resourceFindings, ...moduleFindings];
}

function apiVersionsPinned(set: TemplateSet): Finding[] {
  const resourceFindings = allResources(set).flatMap((resource) => {
    const version = resource.apiVersion ?? '';
    const match = /^(\d{4}-\d{2}-\d{2})(-preview)?$/.exec(version);
    let problem: string | undefined;
    if (!match?.[1]) problem = `has no pinned API version ('${version}')`;
    else if (match[1] < oldestApiVersion)
      problem = `API version ${version} is older than ${oldestApiVersion}`;
    else if (match[2] && !previewOnlyTypes.has(resource.type))
      problem = `uses preview API version ${version}`;
    return problem
      ? [finding('api-versions', resource.file, resource.line, `${resource.type} ${problem}`)]
      : [];
  });
  const moduleFindings = set.templates.flatMap((template) =>
    template.modules.flatMap((module) => {
      if (module.path.startsWith('br')) {
        return /:\d+\.\d+\.\d+$/.test(module.path)
          ? []
          : [
              finding(
                'api-versions',
                template.path,
                module.line,
                `registry module ${module.path} is not pinned`,
              ),
            ];
      }
      return resolveModule(set, template.path, module.path)
        ? []
        : [finding('api-versions', template.path, module.line, `module file ${module.path} does not exist`)];
    }),
  );
  return [...resourceFindings, ...moduleFindings];
}

function roleIdsInOnePlace(set: TemplateSet): Finding[] {
  const literals = set.templates
    .filter((template) => template.path !== roleIdsFile)
    .flatMap((template) =>
      template.source
        .split('\n')
        .flatMap((text, index) =>
          guidLiteral.test(text)
            ? [
                finding(
                  'role-ids',
                  template.path,
                  index + 1,
                  `GUID literal; role ids belong in ${roleIdsFile}`,
                ),
              ]
            : [],
        ),
    );
  const declared = declaredRoleKeys(set);
  const assignments = roleAssignments(set).flatMap((assignment) =>
    assignment.roleKey !== undefined && declared.has(assignment.roleKey)
      ? []
      : [
          finding(
            'role-ids',
            assignment.file,
            assignment.line,
            `role definition ${assignment.roleDefinitionText} is not taken from roleIds in ${roleIdsFile}`,
          ),
        ],
  );
  return [...literals, ...assignments];
}

export function declaredRoleKeys(set: TemplateSet): Set<string> {
  const source = set.templates.find((template) => template.path === roleIdsFile)?.source ?? '';
  return new Set([...source.matchAll(/^\s*(\w+):\s*'[0-9a-f-]{36}'/gim)].map((match) => match[1] ?? ''));
}

function diagnosticSettings(set: TemplateSet): Finding[] {
  return set.templates.flatMap((template) => {
    const covered = new Set(
      template.resources
        .filter((resource) => resource.type === 'Microsoft.Insights/diagnosticSettings')
        .map((resource) => resource.scopeSymbol),
    );
    return template.resources
      .filter(
        (resource) =>
          !resource.existing && diagnosableTypes.has(resource.type) && !covered.has(resource.symbol),
      )
      .map((resource) =>
        finding(
          'diagnostic-settings',
          template.path,
          resource.line,
          `${resource.symbol} (${resource.type}) has no diagnostic setting`,
        ),
      );
  });
}

function flexAppSettings(set: TemplateSet): Finding[] {
  return appSettingNames(set)
    .filter((setting) => flexForbiddenSettings.has(setting.value))
    .map((setting) =>
      finding(
        'flex-settings',
        setting.file,
        setting.line,
        `${setting.value} is not supported on Flex Consumption`,
      ),
    );
}

function parameterFiles(set: TemplateSet): Finding[] {
  return set.paramFiles.flatMap((paramFile) => {
    const target =
      paramFile.using === undefined ? undefined : resolveModule(set, paramFile.path, paramFile.using);
    if (!target) {
      return [
        finding('param-files', paramFile.path, 1, `using '${paramFile.using ?? ''}' names no template`),
      ];
    }
    const declared = new Set(target.parameters.map((parameter) => parameter.name));
    const assigned = new Set(paramFile.assignments.map((assignment) => assignment.name));
    const unknown = paramFile.assignments
      .filter((assignment) => !declared.has(assignment.name))
      .map((assignment) =>
        finding(
          'param-files',
          paramFile.path,
          assignment.line,
          `${assignment.name} is not a parameter of ${target.path}`,
        ),
      );
    const missing = target.parameters
      .filter((parameter) => !parameter.hasDefault && !assigned.has(parameter.name))
      .map((parameter) =>
        finding('param-files', paramFile.path, 1, `required parameter ${parameter.name} is not set`),
      );
    return [...unknown, ...missing];
  });
}

function finding(check: string, file: string, line: number, message: string): Finding {
  return { check, file, line, message };
}

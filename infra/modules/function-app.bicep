// The Function App on the Flex Consumption plan (Linux, one app per plan). It runs as the user-assigned identity
// and holds no secrets: every connection is identity-based. App settings are the ones
// shared/config/registry.ts declares (the infra tests check both directions) plus the platform's own.

param planName string
param appName string
param location string
param tags object
@allowed(['20', '22'])
param nodeVersion string
@allowed([512, 2048, 4096])
param instanceMemoryMB int
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int
@description('Instances kept warm for HTTP triggers; 0 lets the app scale to zero.')
@minValue(0)
param alwaysReadyHttpInstances int
param identityId string
param identityClientId string
param storageBlobEndpoint string
param storageQueueEndpoint string
param storageTableEndpoint string
param deploymentContainerUrl string
param appInsightsConnectionString string
param cosmosEndpoint string
param keyVaultUri string
param smtpHost string
param smtpPort int
@allowed(['development', 'test', 'production'])
param caseflowEnvironment string
@allowed(['azureStorage', 'dts'])
param durableBackend string
param durableTaskSchedulerEndpoint string
param durableTaskHubName string
@description('Subnet the app integrates into; empty without private networking.')
param appSubnetId string
@description('Client id of the API\'s Entra app registration: turns on App Service authentication (Easy Auth); empty: off.')
param easyAuthClientId string
@description('The Entra tenant Easy Auth signs callers in with.')
param entraTenantId string

// The Functions host storage (AzureWebJobsStorage) as an identity-based connection. Durable Functions on the
// Azure Storage backend needs the queue and table endpoints too, or orchestrations hang.
var hostStorageSettings = {
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId
  AzureWebJobsStorage__blobServiceUri: storageBlobEndpoint
  AzureWebJobsStorage__queueServiceUri: storageQueueEndpoint
  AzureWebJobsStorage__tableServiceUri: storageTableEndpoint
}

var platformSettings = {
  APPLICATIONINSIGHTS_CONNECTION_STRING: appInsightsConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
  // Makes the Azure SDK's default credential in our code pick the user-assigned identity.
  AZURE_CLIENT_ID: identityClientId
}

var caseflowSettings = {
  CASEFLOW_COSMOS_ENDPOINT: cosmosEndpoint
  CASEFLOW_KEY_VAULT_URL: keyVaultUri
  CASEFLOW_SMTP_HOST: smtpHost
  CASEFLOW_SMTP_PORT: string(smtpPort)
  CASEFLOW_ENVIRONMENT: caseflowEnvironment
  // The timer trigger's schedule is a binding expression: the host needs the setting to index the function.
  CASEFLOW_CASE_SWEEP_SCHEDULE: '*/10 * * * * *'
  CASEFLOW_EMAIL_OVERDUE_SCHEDULE: '0 */5 * * * *'
  CASEFLOW_ATTACHMENT_ORPHAN_SCHEDULE: '0 17 * * * *'
  // Key Vault references (docs/email.md): the operator stores both secrets in the vault; until then the code
  // treats the unresolved reference as unset (no reply tokens, the inbound webhook refuses every call).
  CASEFLOW_EMAIL_TOKEN_SECRET: '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/email-token-secret/)'
  CASEFLOW_EMAIL_INBOUND_SECRET: '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/email-inbound-secret/)'
}

// Easy Auth strips client-sent x-ms-client-principal* headers, so only with it may the code trust them.
var easyAuthSettings = {
  CASEFLOW_APP_SERVICE_AUTH: 'true'
  CASEFLOW_ENTRA_TENANT_ID: entraTenantId
}

// Switching the Durable backend overrides host.json through app settings, so code and host.json stay the same.
var durableTaskSchedulerSettings = {
  DURABLE_TASK_SCHEDULER_CONNECTION_STRING: 'Endpoint=${durableTaskSchedulerEndpoint};Authentication=ManagedIdentity;ClientID=${identityClientId}'
  TASKHUB_NAME: durableTaskHubName
  AzureFunctionsJobHost__extensions__durableTask__hubName: durableTaskHubName
  AzureFunctionsJobHost__extensions__durableTask__storageProvider__type: 'azureManaged'
  AzureFunctionsJobHost__extensions__durableTask__storageProvider__connectionStringName: 'DURABLE_TASK_SCHEDULER_CONNECTION_STRING'
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: { name: 'FC1', tier: 'FlexConsumption' }
  properties: { reserved: true }
}

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: appName
  location: location
  // azd finds the deploy target of service `api` (azure.yaml) by this tag.
  tags: union(tags, { 'azd-service-name': 'api' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identityId}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identityId
    virtualNetworkSubnetId: empty(appSubnetId) ? null : appSubnetId
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: deploymentContainerUrl
          authentication: { type: 'UserAssignedIdentity', userAssignedIdentityResourceId: identityId }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
        alwaysReady: alwaysReadyHttpInstances > 0 ? [{ name: 'http', instanceCount: alwaysReadyHttpInstances }] : []
      }
      runtime: { name: 'node', version: nodeVersion }
    }
  }
}

resource appSettings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: app
  name: 'appsettings'
  properties: union(
    hostStorageSettings,
    platformSettings,
    caseflowSettings,
    durableBackend == 'dts' ? durableTaskSchedulerSettings : {},
    empty(easyAuthClientId) ? {} : easyAuthSettings
  )
}

// App Service authentication signs callers in with Entra ID and passes them on as x-ms-client-principal
// headers (docs/api.md#app-service-authentication). Anonymous requests still reach the app: health and the
// OpenAPI document are public, and the code answers 401 for the rest.
resource easyAuth 'Microsoft.Web/sites/config@2024-04-01' = if (!empty(easyAuthClientId)) {
  parent: app
  name: 'authsettingsV2'
  properties: {
    platform: { enabled: true }
    globalValidation: {
      requireAuthentication: false
      unauthenticatedClientAction: 'AllowAnonymous'
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          clientId: easyAuthClientId
          openIdIssuer: '${environment().authentication.loginEndpoint}${entraTenantId}/v2.0'
        }
        validation: { allowedAudiences: [easyAuthClientId, 'api://${easyAuthClientId}'] }
      }
    }
    login: { tokenStore: { enabled: false } }
  }
}

// Deployments authenticate with Entra (azd, az), never with publishing passwords.
resource ftpCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: app
  name: 'ftp'
  properties: { allow: false }
}

resource scmCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: app
  name: 'scm'
  properties: { allow: false }
}

output name string = app.name
output uri string = 'https://${app.properties.defaultHostName}'

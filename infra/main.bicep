// Caseflow on Azure: creates the resource group and deploys one module per concern into it.
// Deploy with `azd up` (reads main.bicepparam) or
// `az deployment sub create -l <location> -f infra/main.bicep -p infra/env/<env>.bicepparam`.
targetScope = 'subscription'

@minLength(1)
@maxLength(40)
@description('Environment name (dev, test, prod, or a personal one); part of every resource name and the azd-env-name tag.')
param environmentName string

@minLength(1)
@description('Azure region for every resource.')
param location string

@description('Developer or CI principal (object id) given data access to storage, Cosmos DB and the scheduler; empty in prod.')
param principalId string = ''

@description('Private networking: VNet integration for the app, private endpoints and DNS for every data service, public access off.')
param privateNetworking bool = false

@allowed(['azureStorage', 'dts'])
@description('Durable Functions backend: the Azure Storage provider (no extra resource) or the Durable Task Scheduler.')
param durableBackend string = 'azureStorage'

@allowed(['20', '22'])
@description('Node.js version of the Functions runtime.')
param nodeVersion string = '22'

@allowed([512, 2048, 4096])
@description('Memory of each Flex Consumption instance, in MB.')
param instanceMemoryMB int = 2048

@minValue(40)
@maxValue(1000)
@description('Most instances the app scales out to.')
param maximumInstanceCount int = 40

@minValue(0)
@description('HTTP instances kept warm (always ready); 0 lets the app scale to zero.')
param alwaysReadyHttpInstances int = 0

@allowed(['Standard_LRS', 'Standard_ZRS'])
@description('Redundancy of the storage account.')
param storageSku string = 'Standard_LRS'

@minValue(30)
@maxValue(730)
@description('Days Log Analytics keeps logs.')
param logRetentionDays int = 30

@allowed(['serverless', 'autoscale'])
@description('Cosmos DB capacity: serverless (pay per request) or autoscale shared database throughput.')
param cosmosCapacityMode string = 'serverless'

@minValue(1000)
@description('Highest RU/s of the database when cosmosCapacityMode is autoscale.')
param cosmosAutoscaleMaxThroughput int = 1000

@description('Continuous (point-in-time) backup of Cosmos DB, 30 days; periodic backup otherwise.')
param cosmosContinuousBackup bool = false

@description('Azure OpenAI model deployed (the deployment has the same name).')
param openAiModelName string = 'gpt-4o-mini'

@description('Version of that model.')
param openAiModelVersion string = '2024-07-18'

@minValue(1)
@description('Azure OpenAI deployment capacity, in thousands of tokens per minute.')
param openAiCapacity int = 10

@minLength(1)
@description('SMTP server that send tasks deliver mail to (CASEFLOW_SMTP_HOST).')
param smtpHost string

@description('Port of that SMTP server (CASEFLOW_SMTP_PORT).')
param smtpPort int = 587

@allowed(['development', 'test', 'production'])
@description('Which values of each connector this deployment uses (CASEFLOW_ENVIRONMENT).')
param caseflowEnvironment string = 'production'

@description('Client id of the API\'s Entra app registration for App Service authentication (Easy Auth); empty: no Easy Auth.')
param easyAuthClientId string = ''

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
  application: 'caseflow'
}

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: 'rg-caseflow-${environmentName}'
  location: location
  tags: tags
}

module identity 'modules/identity.bicep' = {
  scope: rg
  name: 'identity'
  params: {
    name: 'id-caseflow-${resourceToken}'
    location: location
    tags: tags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  scope: rg
  name: 'monitoring'
  params: {
    workspaceName: 'log-caseflow-${resourceToken}'
    appInsightsName: 'appi-caseflow-${resourceToken}'
    location: location
    tags: tags
    retentionInDays: logRetentionDays
    identityPrincipalId: identity.outputs.principalId
  }
}

module network 'modules/network.bicep' = if (privateNetworking) {
  scope: rg
  name: 'network'
  params: {
    name: 'vnet-caseflow-${resourceToken}'
    location: location
    tags: tags
    workspaceId: monitoring.outputs.workspaceId
  }
}

var privateEndpointSubnetId = privateNetworking ? network.outputs.privateEndpointSubnetId : ''

module storage 'modules/storage.bicep' = {
  scope: rg
  name: 'storage'
  params: {
    name: 'stcaseflow${resourceToken}'
    location: location
    tags: tags
    skuName: storageSku
    workspaceId: monitoring.outputs.workspaceId
    identityPrincipalId: identity.outputs.principalId
    developerPrincipalId: principalId
    privateNetworking: privateNetworking
    privateEndpointSubnetId: privateEndpointSubnetId
    privateDnsZoneIds: privateNetworking ? network.outputs.dnsZoneIds : {}
  }
}

module cosmos 'modules/cosmos.bicep' = {
  scope: rg
  name: 'cosmos'
  params: {
    name: 'cosmos-caseflow-${resourceToken}'
    location: location
    tags: tags
    capacityMode: cosmosCapacityMode
    autoscaleMaxThroughput: cosmosAutoscaleMaxThroughput
    continuousBackup: cosmosContinuousBackup
    workspaceId: monitoring.outputs.workspaceId
    identityPrincipalId: identity.outputs.principalId
    developerPrincipalId: principalId
    privateNetworking: privateNetworking
    privateEndpointSubnetId: privateEndpointSubnetId
    privateDnsZoneId: privateNetworking ? network.outputs.dnsZoneIds.cosmos : ''
  }
}

module keyVault 'modules/key-vault.bicep' = {
  scope: rg
  name: 'key-vault'
  params: {
    name: 'kv-cf-${resourceToken}'
    location: location
    tags: tags
    workspaceId: monitoring.outputs.workspaceId
    identityPrincipalId: identity.outputs.principalId
    privateNetworking: privateNetworking
    privateEndpointSubnetId: privateEndpointSubnetId
    privateDnsZoneId: privateNetworking ? network.outputs.dnsZoneIds.keyVault : ''
  }
}

module ai 'modules/ai.bicep' = {
  scope: rg
  name: 'ai'
  params: {
    openAiName: 'oai-caseflow-${resourceToken}'
    contentSafetyName: 'cs-caseflow-${resourceToken}'
    location: location
    tags: tags
    openAiModelName: openAiModelName
    openAiModelVersion: openAiModelVersion
    openAiCapacity: openAiCapacity
    workspaceId: monitoring.outputs.workspaceId
    identityPrincipalId: identity.outputs.principalId
    privateNetworking: privateNetworking
    privateEndpointSubnetId: privateEndpointSubnetId
    openAiDnsZoneId: privateNetworking ? network.outputs.dnsZoneIds.openAi : ''
    cognitiveServicesDnsZoneId: privateNetworking ? network.outputs.dnsZoneIds.cognitiveServices : ''
  }
}

module durableTaskScheduler 'modules/durable-task-scheduler.bicep' = if (durableBackend == 'dts') {
  scope: rg
  name: 'durable-task-scheduler'
  params: {
    name: 'dts-caseflow-${resourceToken}'
    location: location
    tags: tags
    taskHubName: 'caseflow'
    identityPrincipalId: identity.outputs.principalId
    developerPrincipalId: principalId
  }
}

module functionApp 'modules/function-app.bicep' = {
  scope: rg
  name: 'function-app'
  params: {
    planName: 'plan-caseflow-${resourceToken}'
    appName: 'func-caseflow-${resourceToken}'
    location: location
    tags: tags
    nodeVersion: nodeVersion
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
    alwaysReadyHttpInstances: alwaysReadyHttpInstances
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageBlobEndpoint: storage.outputs.blobEndpoint
    storageQueueEndpoint: storage.outputs.queueEndpoint
    storageTableEndpoint: storage.outputs.tableEndpoint
    deploymentContainerUrl: storage.outputs.deploymentContainerUrl
    appInsightsConnectionString: monitoring.outputs.appInsightsConnectionString
    cosmosEndpoint: cosmos.outputs.endpoint
    keyVaultUri: keyVault.outputs.uri
    smtpHost: smtpHost
    smtpPort: smtpPort
    caseflowEnvironment: caseflowEnvironment
    durableBackend: durableBackend
    durableTaskSchedulerEndpoint: durableBackend == 'dts' ? durableTaskScheduler.outputs.endpoint : ''
    durableTaskHubName: durableBackend == 'dts' ? durableTaskScheduler.outputs.taskHubName : ''
    appSubnetId: privateNetworking ? network.outputs.appSubnetId : ''
    easyAuthClientId: easyAuthClientId
    entraTenantId: tenant().tenantId
  }
}

// azd writes these to .azure/<env>/.env; none is a secret (every service is reached with Entra identities).
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_CLIENT_ID string = identity.outputs.clientId
output AZURE_FUNCTION_NAME string = functionApp.outputs.name
output SERVICE_API_NAME string = functionApp.outputs.name
output SERVICE_API_URI string = functionApp.outputs.uri
output APPLICATIONINSIGHTS_CONNECTION_STRING string = monitoring.outputs.appInsightsConnectionString
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_STORAGE_BLOB_ENDPOINT string = storage.outputs.blobEndpoint
output CASEFLOW_COSMOS_ENDPOINT string = cosmos.outputs.endpoint
output AZURE_COSMOS_DATABASE_NAME string = cosmos.outputs.databaseName
output CASEFLOW_KEY_VAULT_URL string = keyVault.outputs.uri
output AZURE_OPENAI_ENDPOINT string = ai.outputs.openAiEndpoint
output AZURE_OPENAI_DEPLOYMENT string = ai.outputs.openAiDeploymentName
output AZURE_CONTENT_SAFETY_ENDPOINT string = ai.outputs.contentSafetyEndpoint
output DURABLE_BACKEND string = durableBackend
output DTS_ENDPOINT string = durableBackend == 'dts' ? durableTaskScheduler.outputs.endpoint : ''

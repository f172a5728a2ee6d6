// The storage account the Functions host, Durable Functions (Azure Storage backend) and the app's own blobs and
// queues share: the code reaches all of them through the one `AzureWebJobsStorage` connection.
// Shared-key access is off; the app authenticates with its managed identity.
import { roleIds } from 'role-ids.bicep'

param name string
param location string
param tags object
@allowed(['Standard_LRS', 'Standard_ZRS'])
param skuName string
param workspaceId string
param identityPrincipalId string
@description('Developer or CI principal granted the same data roles; empty for none.')
param developerPrincipalId string
param privateNetworking bool
param privateEndpointSubnetId string
@description('Private DNS zone ids by storage service: blob, queue, table.')
param privateDnsZoneIds object

// Mirrors `blobContainers` in shared/config/registry.ts (the infra tests compare them), plus the container
// the Flex Consumption plan deploys the app package from.
var deploymentContainerName = 'app-package'
var blobContainerNames = ['model-sources', 'case-attachments', 'email-inbound', deploymentContainerName]
// Mirrors `storageQueues` in shared/config/registry.ts.
// The host creates each queue's poison queue (<name>-poison) itself when it first moves a message there.
var queueNames = ['job-dispatch', 'email-outbound', 'email-inbound']

var dataRoles = [
  roleIds.storageBlobDataOwner
  roleIds.storageQueueDataContributor
  roleIds.storageTableDataContributor
]
var storageServices = ['blob', 'queue', 'table']

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: { name: skuName }
  properties: {
    accessTier: 'Hot'
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: privateNetworking ? 'Disabled' : 'Enabled'
    networkAcls: {
      defaultAction: privateNetworking ? 'Deny' : 'Allow'
      bypass: privateNetworking ? 'None' : 'AzureServices'
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: account
  name: 'default'
  properties: {
    deleteRetentionPolicy: { enabled: true, days: 7 }
    containerDeleteRetentionPolicy: { enabled: true, days: 7 }
  }
}

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource containers 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = [
  for containerName in blobContainerNames: {
    parent: blobService
    name: containerName
    properties: { publicAccess: 'None' }
  }
]

resource queues 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = [
  for queueName in queueNames: {
    parent: queueService
    name: queueName
  }
]

// The account level takes metrics only; logs are collected per service.
resource accountDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: account
  properties: {
    workspaceId: workspaceId
    metrics: [{ category: 'Transaction', enabled: true }]
  }
}

resource blobDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: blobService
  properties: {
    workspaceId: workspaceId
    logs: [{ categoryGroup: 'allLogs', enabled: true }]
    metrics: [{ category: 'Transaction', enabled: true }]
  }
}

resource queueDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: queueService
  properties: {
    workspaceId: workspaceId
    logs: [{ categoryGroup: 'allLogs', enabled: true }]
    metrics: [{ category: 'Transaction', enabled: true }]
  }
}

resource tableDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: tableService
  properties: {
    workspaceId: workspaceId
    logs: [{ categoryGroup: 'allLogs', enabled: true }]
    metrics: [{ category: 'Transaction', enabled: true }]
  }
}

// Blob owner (host leases, deployment package, Durable blobs), queue and table contributor (Durable backend).
resource appDataRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleId in dataRoles: {
    name: guid(account.id, identityPrincipalId, roleId)
    scope: account
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
      principalId: identityPrincipalId
      principalType: 'ServicePrincipal'
    }
  }
]

resource developerDataRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleId in (empty(developerPrincipalId) ? [] : dataRoles): {
    name: guid(account.id, developerPrincipalId, roleId)
    scope: account
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
      principalId: developerPrincipalId
      principalType: 'User'
    }
  }
]

module endpoints 'private-endpoint.bicep' = [
  for service in (privateNetworking ? storageServices : []): {
    name: 'pe-${name}-${service}'
    params: {
      name: 'pe-${name}-${service}'
      location: location
      tags: tags
      subnetId: privateEndpointSubnetId
      serviceId: account.id
      groupId: service
      privateDnsZoneId: privateDnsZoneIds[service]
    }
  }
]

output name string = account.name
output blobEndpoint string = account.properties.primaryEndpoints.blob
output queueEndpoint string = account.properties.primaryEndpoints.queue
output tableEndpoint string = account.properties.primaryEndpoints.table
output deploymentContainerUrl string = '${account.properties.primaryEndpoints.blob}${deploymentContainerName}'

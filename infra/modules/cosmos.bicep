// Cosmos DB for NoSQL: the database and containers the code declares, Entra-only access, and the identity's
// data-plane role (a Cosmos SQL role assignment, not an ARM role).
import { roleIds } from 'role-ids.bicep'

param name string
param location string
param tags object
@allowed(['serverless', 'autoscale'])
param capacityMode string
@description('Highest RU/s the shared database throughput scales to (autoscale only).')
param autoscaleMaxThroughput int
param continuousBackup bool
param workspaceId string
param identityPrincipalId string
@description('Developer or CI principal granted the same data role; empty for none.')
param developerPrincipalId string
param privateNetworking bool
param privateEndpointSubnetId string
param privateDnsZoneId string

// Mirrors `cosmosDatabase` and `cosmosContainers` in shared/config/registry.ts (the infra tests compare them).
// These containers never expire documents; `messages` (below) has time to live on for buffered messages.
var databaseName = 'caseflow'
var containers = [
  { name: 'definitions', partitionKey: '/tenantId' }
  { name: 'cases', partitionKey: '/tenantId' }
  { name: 'jobs', partitionKey: '/tenantId' }
  { name: 'incidents', partitionKey: '/tenantId' }
  { name: 'connectors', partitionKey: '/tenantId' }
  { name: 'tasks', partitionKey: '/tenantId' }
  { name: 'email', partitionKey: '/tenantId' }
]

var dataContributorId = '${account.id}/sqlRoleDefinitions/${roleIds.cosmosDataContributor}'

resource account 'Microsoft.DocumentDB/databaseAccounts@2024-11-15' = {
  name: name
  location: location
  tags: tags
  kind: 'GlobalDocumentDB'
  properties: {
    databaseAccountOfferType: 'Standard'
    locations: [{ locationName: location, failoverPriority: 0, isZoneRedundant: false }]
    consistencyPolicy: { defaultConsistencyLevel: 'Session' }
    capabilities: capacityMode == 'serverless' ? [{ name: 'EnableServerless' }] : []
    backupPolicy: continuousBackup
      ? { type: 'Continuous', continuousModeProperties: { tier: 'Continuous30Days' } }
      : { type: 'Periodic', periodicModeProperties: { backupIntervalInMinutes: 240, backupRetentionIntervalInHours: 8 } }
    disableLocalAuth: true
    disableKeyBasedMetadataWriteAccess: true
    minimalTlsVersion: 'Tls12'
    publicNetworkAccess: privateNetworking ? 'Disabled' : 'Enabled'
  }
}

resource database 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases@2024-11-15' = {
  parent: account
  name: databaseName
  tags: tags
  properties: {
    resource: { id: databaseName }
    options: capacityMode == 'autoscale' ? { autoscaleSettings: { maxThroughput: autoscaleMaxThroughput } } : {}
  }
}

resource sqlContainers 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-11-15' = [
  for container in containers: {
    parent: database
    name: container.name
    tags: tags
    properties: {
      resource: {
        id: container.name
        partitionKey: { paths: [container.partitionKey], kind: 'Hash', version: 2 }
        indexingPolicy: {
          indexingMode: 'consistent'
          automatic: true
          includedPaths: [{ path: '/*' }]
          excludedPaths: [{ path: '/"_etag"/?' }]
        }
      }
    }
  }
]

resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: account
  properties: {
    workspaceId: workspaceId
    logAnalyticsDestinationType: 'Dedicated'
    logs: [
      { category: 'DataPlaneRequests', enabled: true }
      { category: 'QueryRuntimeStatistics', enabled: true }
      { category: 'ControlPlaneRequests', enabled: true }
    ]
    metrics: [{ category: 'Requests', enabled: true }]
  }
}

resource appDataRole 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2024-11-15' = {
  parent: account
  name: guid(account.id, identityPrincipalId, roleIds.cosmosDataContributor)
  properties: {
    roleDefinitionId: dataContributorId
    principalId: identityPrincipalId
    scope: account.id
  }
}

resource developerDataRole 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2024-11-15' = if (!empty(developerPrincipalId)) {
  parent: account
  name: guid(account.id, developerPrincipalId, roleIds.cosmosDataContributor)
  properties: {
    roleDefinitionId: dataContributorId
    principalId: developerPrincipalId
    scope: account.id
  }
}

module endpoint 'private-endpoint.bicep' = if (privateNetworking) {
  name: 'pe-${name}'
  params: {
    name: 'pe-${name}'
    location: location
    tags: tags
    subnetId: privateEndpointSubnetId
    serviceId: account.id
    groupId: 'Sql'
    privateDnsZoneId: privateDnsZoneId
  }
}

output endpoint string = account.properties.documentEndpoint
output databaseName string = database.name

// Message subscriptions and published messages: defaultTtl -1 turns time to live on with no default, so only
// items that carry `ttl` (messages, closed subscriptions) expire; open subscriptions stay until unsubscribed.
resource messagesContainer 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-11-15' = {
  parent: database
  name: 'messages'
  tags: tags
  properties: {
    resource: {
      id: 'messages'
      partitionKey: { paths: ['/tenantId'], kind: 'Hash', version: 2 }
      defaultTtl: -1
      indexingPolicy: {
        indexingMode: 'consistent'
        automatic: true
        includedPaths: [{ path: '/*' }]
        excludedPaths: [{ path: '/"_etag"/?' }]
      }
    }
  }
}

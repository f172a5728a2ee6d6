// Azure OpenAI with its model deployment, and Azure AI Content Safety. Both accept Entra tokens only
// (a custom subdomain is required for that), and the app identity holds the data-plane role on each.
import { roleIds } from 'role-ids.bicep'

param openAiName string
param contentSafetyName string
param location string
param tags object
param openAiModelName string
param openAiModelVersion string
@description('Deployment capacity in thousands of tokens per minute.')
param openAiCapacity int
param workspaceId string
param identityPrincipalId string
param privateNetworking bool
param privateEndpointSubnetId string
param openAiDnsZoneId string
param cognitiveServicesDnsZoneId string

resource openAi 'Microsoft.CognitiveServices/accounts@2024-10-01' = {
  name: openAiName
  location: location
  tags: tags
  kind: 'OpenAI'
  sku: { name: 'S0' }
  properties: {
    customSubDomainName: openAiName
    disableLocalAuth: true
    publicNetworkAccess: privateNetworking ? 'Disabled' : 'Enabled'
    networkAcls: { defaultAction: privateNetworking ? 'Deny' : 'Allow' }
  }
}

resource modelDeployment 'Microsoft.CognitiveServices/accounts/deployments@2024-10-01' = {
  parent: openAi
  name: openAiModelName
  sku: { name: 'GlobalStandard', capacity: openAiCapacity }
  properties: {
    model: { format: 'OpenAI', name: openAiModelName, version: openAiModelVersion }
  }
}

resource contentSafety 'Microsoft.CognitiveServices/accounts@2024-10-01' = {
  name: contentSafetyName
  location: location
  tags: tags
  kind: 'ContentSafety'
  sku: { name: 'S0' }
  properties: {
    customSubDomainName: contentSafetyName
    disableLocalAuth: true
    publicNetworkAccess: privateNetworking ? 'Disabled' : 'Enabled'
    networkAcls: { defaultAction: privateNetworking ? 'Deny' : 'Allow' }
  }
}

resource openAiDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: openAi
  properties: {
    workspaceId: workspaceId
    logs: [{ categoryGroup: 'allLogs', enabled: true }]
    metrics: [{ category: 'AllMetrics', enabled: true }]
  }
}

resource contentSafetyDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: contentSafety
  properties: {
    workspaceId: workspaceId
    logs: [{ categoryGroup: 'allLogs', enabled: true }]
    metrics: [{ category: 'AllMetrics', enabled: true }]
  }
}

resource openAiUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(openAi.id, identityPrincipalId, roleIds.cognitiveServicesOpenAiUser)
  scope: openAi
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.cognitiveServicesOpenAiUser)
    principalId: identityPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource contentSafetyUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(contentSafety.id, identityPrincipalId, roleIds.cognitiveServicesUser)
  scope: contentSafety
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.cognitiveServicesUser)
    principalId: identityPrincipalId
    principalType: 'ServicePrincipal'
  }
}

module openAiEndpoint 'private-endpoint.bicep' = if (privateNetworking) {
  name: 'pe-${openAiName}'
  params: {
    name: 'pe-${openAiName}'
    location: location
    tags: tags
    subnetId: privateEndpointSubnetId
    serviceId: openAi.id
    groupId: 'account'
    privateDnsZoneId: openAiDnsZoneId
  }
}

module contentSafetyEndpoint 'private-endpoint.bicep' = if (privateNetworking) {
  name: 'pe-${contentSafetyName}'
  params: {
    name: 'pe-${contentSafetyName}'
    location: location
    tags: tags
    subnetId: privateEndpointSubnetId
    serviceId: contentSafety.id
    groupId: 'account'
    privateDnsZoneId: cognitiveServicesDnsZoneId
  }
}

output openAiEndpoint string = openAi.properties.endpoint
output openAiDeploymentName string = modelDeployment.name
output contentSafetyEndpoint string = contentSafety.properties.endpoint

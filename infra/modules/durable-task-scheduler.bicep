// The Durable Task Scheduler backend (deployed only when `durableBackend` is 'dts'): a scheduler, the task hub
// the app uses, and the identity's data role. The Azure Storage backend needs none of this.
import { roleIds } from 'role-ids.bicep'

param name string
param location string
param tags object
param taskHubName string
param identityPrincipalId string
@description('Developer or CI principal granted the same role (for the dashboard); empty for none.')
param developerPrincipalId string

resource scheduler 'Microsoft.DurableTask/schedulers@2025-11-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    // An empty allow-list denies all traffic; access is still Entra-only.
    ipAllowlist: ['0.0.0.0/0']
    sku: { name: 'Consumption' }
  }
}

resource taskHub 'Microsoft.DurableTask/schedulers/taskHubs@2025-11-01' = {
  parent: scheduler
  name: taskHubName
}

resource appDataRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(scheduler.id, identityPrincipalId, roleIds.durableTaskDataContributor)
  scope: scheduler
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.durableTaskDataContributor)
    principalId: identityPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource developerDataRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(developerPrincipalId)) {
  name: guid(scheduler.id, developerPrincipalId, roleIds.durableTaskDataContributor)
  scope: scheduler
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.durableTaskDataContributor)
    principalId: developerPrincipalId
    principalType: 'User'
  }
}

output endpoint string = scheduler.properties.endpoint
output taskHubName string = taskHub.name

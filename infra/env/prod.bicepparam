// Production: private networking, warm HTTP instances, zone-redundant storage, autoscale Cosmos DB with
// continuous backup, 90 days of logs, and no developer data access.
using '../main.bicep'

param environmentName = 'prod'
param location = 'swedencentral'
param principalId = ''
param privateNetworking = true
param durableBackend = 'azureStorage'
param nodeVersion = '22'
param instanceMemoryMB = 4096
param maximumInstanceCount = 200
param alwaysReadyHttpInstances = 1
param storageSku = 'Standard_ZRS'
param logRetentionDays = 90
param cosmosCapacityMode = 'autoscale'
param cosmosAutoscaleMaxThroughput = 4000
param cosmosContinuousBackup = true
param openAiCapacity = 50
param smtpHost = 'smtp.azurecomm.net'
param smtpPort = 587
param caseflowEnvironment = 'production'

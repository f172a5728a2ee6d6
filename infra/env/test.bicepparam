// Test: like production in shape (private networking), smaller in scale, still serverless at rest.
using '../main.bicep'

param environmentName = 'test'
param location = 'swedencentral'
param principalId = readEnvironmentVariable('AZURE_PRINCIPAL_ID', '')
param privateNetworking = true
param durableBackend = 'azureStorage'
param nodeVersion = '22'
param instanceMemoryMB = 2048
param maximumInstanceCount = 100
param alwaysReadyHttpInstances = 0
param storageSku = 'Standard_LRS'
param logRetentionDays = 30
param cosmosCapacityMode = 'serverless'
param cosmosContinuousBackup = false
param openAiCapacity = 10
param smtpHost = 'smtp.azurecomm.net'
param smtpPort = 587
param caseflowEnvironment = 'test'

// Development: serverless everything, scale to zero, developer data access, public endpoints.
using '../main.bicep'

param environmentName = 'dev'
param location = 'swedencentral'
param principalId = readEnvironmentVariable('AZURE_PRINCIPAL_ID', '')
param privateNetworking = false
param durableBackend = 'azureStorage'
param nodeVersion = '22'
param instanceMemoryMB = 2048
param maximumInstanceCount = 40
param alwaysReadyHttpInstances = 0
param storageSku = 'Standard_LRS'
param logRetentionDays = 30
param cosmosCapacityMode = 'serverless'
param cosmosContinuousBackup = false
param openAiCapacity = 10
param smtpHost = 'smtp.azurecomm.net'
param smtpPort = 587
param caseflowEnvironment = 'development'

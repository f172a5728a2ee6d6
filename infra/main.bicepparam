// The azd entry point: values come from the azd environment (.azure/<env>/.env, set with `azd env set`).
using 'main.bicep'

param environmentName = readEnvironmentVariable('AZURE_ENV_NAME')
param location = readEnvironmentVariable('AZURE_LOCATION')
param principalId = readEnvironmentVariable('AZURE_PRINCIPAL_ID', '')
param privateNetworking = bool(readEnvironmentVariable('CASEFLOW_PRIVATE_NETWORKING', 'false'))
param durableBackend = readEnvironmentVariable('CASEFLOW_DURABLE_BACKEND', 'azureStorage')
param smtpHost = readEnvironmentVariable('CASEFLOW_SMTP_HOST', 'smtp.azurecomm.net')
param smtpPort = int(readEnvironmentVariable('CASEFLOW_SMTP_PORT', '587'))
param caseflowEnvironment = readEnvironmentVariable('CASEFLOW_ENVIRONMENT', 'development')
param easyAuthClientId = readEnvironmentVariable('CASEFLOW_EASY_AUTH_CLIENT_ID', '')

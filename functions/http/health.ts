/**
 * GET /api/health: each dependency probed (Cosmos DB, Blob and Queue Storage, Key Vault, the Durable task hub;
 * AI services reported as not configured until they exist), 200 when every required one is up, else 503.
 * Anyone gets the overall status; an admin's token adds the per-dependency report (status, latency, no error
 * text), which tells operators more than an anonymous load balancer needs.
 */
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { performance } from 'node:perf_hooks';
import {
  blobContainers,
  readOptionalSetting,
  readStorageConnection,
  storageQueues,
} from '../../shared/config/registry.js';
import { healthReport, type DependencyProbe } from '../../shared/health/health-report.js';
import { authenticateRequest } from '../../shared/identity/request-authentication.js';
import {
  createBlobServiceClient,
  createQueueServiceClient,
  createSecretClient,
} from '../../shared/storage/clients.js';
import { KeyVaultSecretStore } from '../../shared/storage/key-vault-secret-store.js';
import { version } from '../../shared/version.js';
import { apiRoute } from './api-route.js';
import { appDatabase, requestAuthentication } from './app-services.js';
import { durableClientOf } from '../durable/durable-client.js';

/** Below typical load-balancer probe timeouts; the SDKs' own retries stop counting here. */
const probeTimeoutMs = 3000;
/** An orchestration id nobody uses: asking for it shows the task hub answering without touching a case. */
const durableProbeInstance = 'caseflow-health-probe';
const keyVaultProbeSecret = 'caseflow-health-probe';

function probes(context: InvocationContext): DependencyProbe[] {
  const storageConfigured = isStorageConfigured();
  return [
    {
      name: 'cosmosDb',
      required: true,
      check: readOptionalSetting('cosmosEndpoint')
        ? async () => void (await appDatabase().read())
        : undefined,
    },
    {
      name: 'blobStorage',
      required: true,
      check: storageConfigured
        ? async () =>
            void (await createBlobServiceClient()
              .getContainerClient(blobContainers.modelSources.name)
              .getProperties())
        : undefined,
    },
    {
      name: 'queueStorage',
      required: true,
      check: storageConfigured
        ? async () =>
            void (await createQueueServiceClient()
              .getQueueClient(storageQueues.jobDispatch.name)
              .getProperties())
        : undefined,
    },
    {
      name: 'keyVault',
      required: true,
      check: readOptionalSetting('keyVaultUrl')
        ? async () => void (await new KeyVaultSecretStore(createSecretClient()).get(keyVaultProbeSecret))
        : undefined,
    },
    {
      name: 'durableTaskHub',
      required: true,
      check: storageConfigured ? () => durableTaskHubAnswers(context) : undefined,
    },
    { name: 'aiServices', required: false, check: undefined },
  ];
}

function isStorageConfigured(): boolean {
  try {
    readStorageConnection();
    return true;
  } catch {
    return false;
  }
}

async function durableTaskHubAnswers(context: InvocationContext): Promise<void> {
  try {
    await durableClientOf(context).getStatus(durableProbeInstance);
  } catch (error) {
    // The client reports an unknown instance as an error: the task hub answered, which is all we ask.
    if (error instanceof Error && /HTTP 404/.test(error.message)) return;
    throw error;
  }
}

async function isAdmin(request: HttpRequest): Promise<boolean> {
  try {
    return (await authenticateRequest(request.headers, requestAuthentication())).roles.includes('admin');
  } catch {
    return false;
  }
}

async function health(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  const report = await healthReport(probes(context), probeTimeoutMs, () => performance.now());
  const detailed = await isAdmin(request);
  return {
    status: report.status === 'ok' ? 200 : 503,
    jsonBody: { status: report.status, version, ...(detailed ? { dependencies: report.dependencies } : {}) },
  };
}

apiRoute({
  name: 'health',
  method: 'GET',
  route: 'health',
  public: true,
  durableClient: true,
  handler: (request, _principal, context) => health(request, context),
});

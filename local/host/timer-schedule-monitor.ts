/**
 * Where a timer trigger's schedule status lives between host runs, as in the real host: a blob
 * `timers/<hostId>/Host.Functions.<name>/status` in the `azure-webjobs-hosts` container of the
 * `AzureWebJobsStorage` account, holding `{"Last","Next","LastUpdated"}`. A restarted host reads it to tell
 * whether it missed an occurrence (`isPastDue`).
 */
import { createHash } from 'node:crypto';
import os from 'node:os';
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';

export interface ScheduleStatus {
  Last: string;
  Next: string;
  LastUpdated: string;
}

export const hostsContainer = 'azure-webjobs-hosts';

export class ScheduleMonitor {
  readonly #container: ContainerClient;
  readonly #hostId: string;

  constructor(connectionString: string, hostId: string) {
    this.#container =
      BlobServiceClient.fromConnectionString(connectionString).getContainerClient(hostsContainer);
    this.#hostId = hostId;
  }

  statusBlobName(functionName: string): string {
    return `timers/${this.#hostId}/Host.Functions.${functionName}/status`;
  }

  async read(functionName: string): Promise<ScheduleStatus | undefined> {
    try {
      const buffer = await this.#container
        .getBlobClient(this.statusBlobName(functionName))
        .downloadToBuffer();
      const status = JSON.parse(buffer.toString('utf8')) as Partial<ScheduleStatus>;
      if (typeof status.Last !== 'string' || typeof status.Next !== 'string') return undefined;
      return { Last: status.Last, Next: status.Next, LastUpdated: String(status.LastUpdated ?? status.Last) };
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) return undefined;
      throw error;
    }
  }

  async write(functionName: string, status: ScheduleStatus): Promise<void> {
    await this.#container.createIfNotExists();
    const text = JSON.stringify(status);
    await this.#container
      .getBlockBlobClient(this.statusBlobName(functionName))
      .upload(text, Buffer.byteLength(text), { blobHTTPHeaders: { blobContentType: 'application/json' } });
  }
}

/**
 * The host id that keeps one app's timer status apart from another's in a shared account: the
 * `AzureFunctionsWebHost__hostid` setting, else the machine name and a hash of the app folder (at most 32
 * characters, lower case, as the real host limits it).
 */
export function localHostId(env: Readonly<Record<string, string>>, appRoot: string): string {
  const configured = env.AzureFunctionsWebHost__hostid;
  if (configured) return configured;
  const machine =
    os
      .hostname()
      .toLowerCase()
      .replace(/[^a-z0-9-]/g, '')
      .slice(0, 20) || 'local';
  const hash = createHash('sha256')
    .update(appRoot)
    .digest('hex')
    .slice(0, 32 - machine.length - 1);
  return `${machine}-${hash}`;
}

/**
 * Instances persisted in Azurite Blob storage: container `<hub>-instances`, one block blob per instance id
 * holding its whole InstanceDocument as JSON, with the fields that queries filter on copied into blob metadata
 * (so a listing filters without reading every blob). Every write is conditional on the ETag read before it,
 * which makes each orchestration step all-or-nothing.
 */
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import type { InstanceDocument, RuntimeStatus } from './instance-document.js';

export interface StoredInstance {
  document: InstanceDocument;
  etag: string;
}

export interface InstanceQuery {
  createdTimeFrom?: Date;
  createdTimeTo?: Date;
  runtimeStatus?: readonly RuntimeStatus[];
  instanceIdPrefix?: string;
  top?: number;
  continuationToken?: string;
}

export interface InstancePage {
  instances: InstanceDocument[];
  continuationToken?: string;
}

/** Thrown when a conditional write lost a race: re-read and redo the step. */
export class InstanceConflictError extends Error {}

export class InstanceStore {
  readonly #container: ContainerClient;

  constructor(connectionString: string, hubName: string) {
    const containerName = `${hubName.toLowerCase().replace(/[^a-z0-9]/g, '')}-instances`;
    this.#container =
      BlobServiceClient.fromConnectionString(connectionString).getContainerClient(containerName);
  }

  async initialize(): Promise<void> {
    await this.#container.createIfNotExists();
  }

  async read(instanceId: string): Promise<StoredInstance | undefined> {
    try {
      // One download gives the bytes and the ETag of exactly those bytes.
      const response = await this.#container.getBlockBlobClient(instanceId).download();
      const chunks: Buffer[] = [];
      for await (const chunk of response.readableStreamBody ?? []) chunks.push(chunk as Buffer);
      const document = JSON.parse(Buffer.concat(chunks).toString('utf8')) as InstanceDocument;
      return { document, etag: response.etag ?? '' };
    } catch (error) {
      if (statusCode(error) === 404) return undefined;
      throw error;
    }
  }

  /** Writes the document; `etag` undefined = create (fails when it exists). Returns the new ETag. */
  async write(document: InstanceDocument, etag: string | undefined): Promise<string> {
    const body = JSON.stringify(document);
    try {
      const result = await this.#container
        .getBlockBlobClient(document.instanceId)
        .upload(body, Buffer.byteLength(body), {
          conditions: etag === undefined ? { ifNoneMatch: '*' } : { ifMatch: etag },
          metadata: {
            name: document.name,
            runtimestatus: document.runtimeStatus,
            createdtime: document.createdTime,
          },
          blobHTTPHeaders: { blobContentType: 'application/json' },
        });
      return result.etag ?? '';
    } catch (error) {
      if (statusCode(error) === 412 || statusCode(error) === 409) {
        throw new InstanceConflictError(`Instance '${document.instanceId}' changed meanwhile.`);
      }
      throw error;
    }
  }

  async delete(instanceId: string, etag?: string): Promise<boolean> {
    const response = await this.#container
      .getBlockBlobClient(instanceId)
      .deleteIfExists(etag ? { conditions: { ifMatch: etag } } : {});
    return response.succeeded;
  }

  /** One page of instances matching the query; a page may hold fewer than `top` when filters drop some. */
  async query(query: InstanceQuery): Promise<InstancePage> {
    const pages = this.#container
      .listBlobsFlat({
        includeMetadata: true,
        ...(query.instanceIdPrefix ? { prefix: query.instanceIdPrefix } : {}),
      })
      .byPage({
        maxPageSize: query.top ?? 100,
        ...(query.continuationToken ? { continuationToken: query.continuationToken } : {}),
      });
    const page = (await pages.next()).value as
      | {
          segment: { blobItems: { name: string; metadata?: Record<string, string> }[] };
          continuationToken?: string;
        }
      | undefined;
    if (!page) return { instances: [] };
    const instances: InstanceDocument[] = [];
    for (const item of page.segment.blobItems) {
      if (!matchesMetadata(item.metadata ?? {}, query)) continue;
      const stored = await this.read(item.name);
      if (stored) instances.push(stored.document);
    }
    return { instances, ...(page.continuationToken ? { continuationToken: page.continuationToken } : {}) };
  }

  /** Every instance id, for recovery at start-up. */
  async listIds(): Promise<string[]> {
    const ids: string[] = [];
    for await (const item of this.#container.listBlobsFlat()) ids.push(item.name);
    return ids;
  }
}

function matchesMetadata(metadata: Record<string, string>, query: InstanceQuery): boolean {
  const created = Date.parse(metadata['createdtime'] ?? '');
  if (query.createdTimeFrom && !(created >= query.createdTimeFrom.getTime())) return false;
  if (query.createdTimeTo && !(created <= query.createdTimeTo.getTime())) return false;
  const status = metadata['runtimestatus'] as RuntimeStatus | undefined;
  if (query.runtimeStatus && query.runtimeStatus.length > 0 && !query.runtimeStatus.includes(status!)) {
    return false;
  }
  return true;
}

function statusCode(error: unknown): number | undefined {
  return (error as { statusCode?: number }).statusCode;
}

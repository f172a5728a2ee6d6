/**
 * Entities persisted in Azurite Blob storage beside the instances: container `<hub>-entities`, one block blob
 * per entity (named by its URI-encoded scheduler id) holding its EntityDocument as JSON. Writes are
 * conditional on the ETag read before them, as for instances.
 */
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import type { EntityDocument } from './entity-document.js';
import { InstanceConflictError } from './instance-store.js';

export interface StoredEntity {
  document: EntityDocument;
  etag: string;
}

export class EntityStore {
  readonly #container: ContainerClient;

  constructor(connectionString: string, hubName: string) {
    const containerName = `${hubName.toLowerCase().replace(/[^a-z0-9]/g, '')}-entities`;
    this.#container =
      BlobServiceClient.fromConnectionString(connectionString).getContainerClient(containerName);
  }

  async initialize(): Promise<void> {
    await this.#container.createIfNotExists();
  }

  async read(schedulerId: string): Promise<StoredEntity | undefined> {
    try {
      const response = await this.#container.getBlockBlobClient(blobName(schedulerId)).download();
      const chunks: Buffer[] = [];
      for await (const chunk of response.readableStreamBody ?? []) chunks.push(chunk as Buffer);
      const document = JSON.parse(Buffer.concat(chunks).toString('utf8')) as EntityDocument;
      return { document, etag: response.etag ?? '' };
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) return undefined;
      throw error;
    }
  }

  /** `etag` undefined = create (fails when it exists); a lost race throws InstanceConflictError. */
  async write(document: EntityDocument, etag: string | undefined): Promise<void> {
    const body = JSON.stringify(document);
    try {
      await this.#container
        .getBlockBlobClient(blobName(document.schedulerId))
        .upload(body, Buffer.byteLength(body), {
          conditions: etag === undefined ? { ifNoneMatch: '*' } : { ifMatch: etag },
          blobHTTPHeaders: { blobContentType: 'application/json' },
        });
    } catch (error) {
      const status = (error as { statusCode?: number }).statusCode;
      if (status === 412 || status === 409) {
        throw new InstanceConflictError(`Entity '${document.schedulerId}' changed meanwhile.`);
      }
      throw error;
    }
  }

  /** Every entity's scheduler id, for recovery at start-up. */
  async listIds(): Promise<string[]> {
    const ids: string[] = [];
    for await (const item of this.#container.listBlobsFlat()) ids.push(decodeURIComponent(item.name));
    return ids;
  }
}

function blobName(schedulerId: string): string {
  return encodeURIComponent(schedulerId);
}

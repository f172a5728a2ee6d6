/**
 * Instances persisted in Azurite Blob storage: container `<hub>-instances`, one block blob per instance id
 * holding its whole InstanceDocument as JSON, with the fields that queries filter on copied into blob metadata
 * (so a listing filters without reading every blob). Every write is conditional on the ETag read before it,
 * which makes each orchestration step all-or-nothing. Reads and writes of one instance (one write per step) go
 * through `SharedKeyBlobs`, the rest through the storage SDK.
 *
 * The backend's store (`remember: true`, only for the one writer of the hub) remembers the last text and ETag
 * it read or wrote per unfinished instance, so its many reads of an instance it just wrote cost no round trip. Writes stay conditional on that ETag: if anything else
 * changed the blob meanwhile, the write fails as a conflict, the entry is dropped and the caller re-reads.
 */
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import { isTerminal, type InstanceDocument, type RuntimeStatus } from './instance-document.js';
import { SharedKeyBlobs, type BlobAnswer } from './shared-key-blobs.js';

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

/** Remembered instances at most; past that the oldest entry is dropped (it is read again when needed). */
const maxRemembered = 10_000;

export class InstanceStore {
  readonly #container: ContainerClient;
  /** Reads and writes of one instance, the hot path; the container client does the rest. */
  readonly #blobs: SharedKeyBlobs;
  readonly #remembered = new Map<string, { text: string; etag: string }>();
  readonly #remembers: boolean;

  constructor(connectionString: string, hubName: string, options: { remember?: boolean } = {}) {
    this.#remembers = options.remember ?? false;
    const containerName = `${hubName.toLowerCase().replace(/[^a-z0-9]/g, '')}-instances`;
    this.#container =
      BlobServiceClient.fromConnectionString(connectionString).getContainerClient(containerName);
    this.#blobs = new SharedKeyBlobs(connectionString, containerName);
  }

  async initialize(): Promise<void> {
    await this.#container.createIfNotExists();
  }

  /** The instance as last read or written; a fresh document object on every call (callers change it). */
  async read(instanceId: string): Promise<StoredInstance | undefined> {
    const known = this.#remembered.get(instanceId);
    if (known) return { document: JSON.parse(known.text) as InstanceDocument, etag: known.etag };
    // One download gives the bytes and the ETag of exactly those bytes.
    const answer = await this.#blobs.get(instanceId);
    if (answer.status === 404) return undefined;
    if (answer.status !== 200) throw storageError('read', instanceId, answer);
    const text = answer.body.toString('utf8');
    const document = JSON.parse(text) as InstanceDocument;
    const etag = answer.etag ?? '';
    this.#remember(document, text, etag);
    return { document, etag };
  }

  /** Writes the document; `etag` undefined = create (fails when it exists). Returns the new ETag. */
  async write(document: InstanceDocument, etag: string | undefined): Promise<string> {
    const body = JSON.stringify(document);
    let answer: BlobAnswer;
    try {
      answer = await this.#blobs.put(
        document.instanceId,
        body,
        etag === undefined ? { ifNoneMatch: '*' } : { ifMatch: etag },
        { name: document.name, runtimestatus: document.runtimeStatus, createdtime: document.createdTime },
      );
    } catch (error) {
      // Whatever happened to the blob, the remembered copy may be wrong now.
      this.#remembered.delete(document.instanceId);
      throw error;
    }
    if (answer.status !== 201) {
      this.#remembered.delete(document.instanceId);
      if (answer.status === 412 || answer.status === 409) {
        throw new InstanceConflictError(`Instance '${document.instanceId}' changed meanwhile.`);
      }
      throw storageError('write', document.instanceId, answer);
    }
    const newEtag = answer.etag ?? '';
    this.#remember(document, body, newEtag);
    return newEtag;
  }

  async delete(instanceId: string, etag?: string): Promise<boolean> {
    this.#remembered.delete(instanceId);
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

  /** Unfinished instances are remembered (they are read again soon); finished ones rarely are. */
  #remember(document: InstanceDocument, text: string, etag: string): void {
    this.#remembered.delete(document.instanceId);
    if (!this.#remembers || isTerminal(document.runtimeStatus) || etag === '') return;
    this.#remembered.set(document.instanceId, { text, etag });
    if (this.#remembered.size > maxRemembered) {
      const oldest = this.#remembered.keys().next();
      if (!oldest.done) this.#remembered.delete(oldest.value);
    }
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

/** A failed request, with the status where callers look for it (as on the SDK's errors). */
function storageError(what: string, instanceId: string, answer: BlobAnswer): Error {
  const detail = answer.body.toString('utf8').slice(0, 300);
  return Object.assign(
    new Error(`Blob storage refused to ${what} instance '${instanceId}' (${answer.status}): ${detail}`),
    { statusCode: answer.status },
  );
}

/**
 * Conditional put and get of small block blobs with Shared Key authorization over `node:http(s)`: the
 * Durable backend's hot path (one put per orchestration step). The storage SDK's pipeline (policies,
 * serializers, tracing, response streams) cost about as much CPU per put as Azurite itself; the rest of the
 * backend's blob work (container creation, listings, deletes) stays with the SDK. The SDK still parses the
 * connection string and signs: only the request itself is made here.
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { BlobServiceClient, StorageSharedKeyCredential } from '@azure/storage-blob';

/** The service version of the requests (Azurite runs with `--skipApiVersionCheck`; Azure knows it). */
const serviceVersion = '2021-12-02';

export interface PutConditions {
  /** Write only over this ETag; `'*'` in `ifNoneMatch`: only when the blob does not exist. */
  readonly ifMatch?: string;
  readonly ifNoneMatch?: string;
}

export interface BlobAnswer {
  readonly status: number;
  readonly etag: string | undefined;
  readonly body: Buffer;
}

export class SharedKeyBlobs {
  readonly #containerUrl: URL;
  readonly #credential: StorageSharedKeyCredential;
  readonly #request: typeof httpRequest;
  readonly #agent: HttpAgent;

  constructor(connectionString: string, containerName: string) {
    const service = BlobServiceClient.fromConnectionString(connectionString);
    if (!(service.credential instanceof StorageSharedKeyCredential)) {
      throw new Error(
        'The local Durable backend needs an account key in AzureWebJobsStorage (Azurite, or UseDevelopmentStorage=true).',
      );
    }
    this.#credential = service.credential;
    this.#containerUrl = new URL(`${service.url.replace(/\/$/, '')}/${containerName}`);
    const secure = this.#containerUrl.protocol === 'https:';
    this.#request = secure ? httpsRequest : httpRequest;
    this.#agent = secure ? new HttpsAgent({ keepAlive: true }) : new HttpAgent({ keepAlive: true });
  }

  /** Uploads `text` as the whole block blob `name`: 201 with the new ETag, or 412/409 when a condition fails. */
  put(
    name: string,
    text: string,
    conditions: PutConditions,
    metadata: Readonly<Record<string, string>>,
  ): Promise<BlobAnswer> {
    const body = Buffer.from(text, 'utf8');
    const headers: Record<string, string> = {
      'content-length': String(body.length),
      'content-type': 'application/octet-stream',
      'x-ms-blob-type': 'BlockBlob',
      'x-ms-blob-content-type': 'application/json',
      ...(conditions.ifMatch !== undefined ? { 'if-match': conditions.ifMatch } : {}),
      ...(conditions.ifNoneMatch !== undefined ? { 'if-none-match': conditions.ifNoneMatch } : {}),
      ...Object.fromEntries(Object.entries(metadata).map(([key, value]) => [`x-ms-meta-${key}`, value])),
    };
    return this.#send('PUT', name, headers, body);
  }

  /** The blob's bytes and ETag (200), or 404. */
  get(name: string): Promise<BlobAnswer> {
    return this.#send('GET', name, {}, undefined);
  }

  #send(
    method: 'GET' | 'PUT',
    name: string,
    headers: Record<string, string>,
    body: Buffer | undefined,
  ): Promise<BlobAnswer> {
    const url = new URL(`${this.#containerUrl.pathname}/${encodeURIComponent(name)}`, this.#containerUrl);
    const signed: Record<string, string> = {
      ...headers,
      'x-ms-date': new Date().toUTCString(),
      'x-ms-version': serviceVersion,
    };
    signed['authorization'] =
      `SharedKey ${this.#credential.accountName}:${this.#credential.computeHMACSHA256(stringToSign(method, url, signed, this.#credential.accountName))}`;
    return new Promise((resolve, reject) => {
      const sent = this.#request(url, { method, headers: signed, agent: this.#agent }, (response) => {
        readAll(response).then(
          (bytes) => resolve({ status: response.statusCode ?? 0, etag: etagOf(response), body: bytes }),
          reject,
        );
      });
      sent.on('error', reject);
      sent.end(body);
    });
  }
}

/** The Shared Key string to sign of the Blob service (versions 2015-02-21 and later). */
function stringToSign(method: string, url: URL, headers: Record<string, string>, account: string): string {
  const header = (name: string) => headers[name] ?? '';
  const length = header('content-length');
  const canonicalHeaders = Object.keys(headers)
    .filter((name) => name.startsWith('x-ms-'))
    .sort()
    .map((name) => `${name}:${headers[name]!.trim()}\n`)
    .join('');
  return [
    method,
    header('content-encoding'),
    header('content-language'),
    length === '0' ? '' : length,
    header('content-md5'),
    header('content-type'),
    '',
    header('if-modified-since'),
    header('if-match'),
    header('if-none-match'),
    header('if-unmodified-since'),
    header('range'),
    `${canonicalHeaders}/${account}${url.pathname}`,
  ].join('\n');
}

function etagOf(response: IncomingMessage): string | undefined {
  const etag = response.headers.etag;
  return typeof etag === 'string' ? etag : undefined;
}

function readAll(response: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    response.on('data', (chunk: Buffer) => chunks.push(chunk));
    response.on('error', reject);
    response.on('end', () => resolve(Buffer.concat(chunks)));
  });
}

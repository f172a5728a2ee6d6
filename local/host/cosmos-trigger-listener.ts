/**
 * The Cosmos DB trigger (extension 4.x): reads the monitored container's change feed and invokes the function
 * with each batch of changed documents (latest version of each, in modification order, at most
 * `maxItemsPerInvocation`), checkpointing in a lease document in the lease container after each batch. A
 * restarted host resumes after the last checkpoint. When the function fails, the batch is retried as its
 * `retry` policy says; without one (or once the retries are used up) the failure is logged and the batch is
 * checkpointed, as the real trigger does, so the changes are not delivered again. Empty reads wait
 * `feedPollDelay`.
 */
import { ChangeFeedStartFrom, CosmosClient, type Container, type ItemDefinition } from '@azure/cosmos';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Agent } from 'node:https';
import { hostname } from 'node:os';
import { settings as settingDeclarations } from '../../shared/config/registry.js';
import type { HostFunction } from './function-index.js';
import type { HostLogSink } from './host-log.js';
import type { CosmosAccountSettings, CosmosTriggerOptions, RetryPolicy } from './cosmos-trigger-options.js';
import { writeQueueOutputs } from './queue-output.js';
import type { MessageEncoding, StorageQueues } from './storage-queues.js';
import type { Invoker } from './worker-supervisor.js';

export interface CosmosListenerContext {
  supervisor: Invoker;
  queues: StorageQueues;
  messageEncoding: MessageEncoding;
  /** PEM of `CASEFLOW_LOCAL_CA_FILE`: the local emulator's certificate, trusted by these clients only. */
  caPem: string | undefined;
  log: HostLogSink;
}

/** The lease document: one per monitored container (the local emulator has one partition key range). */
interface Lease extends ItemDefinition {
  id: string;
  LeaseToken: string;
  Owner: string;
  ContinuationToken: string | null;
  timestamp: string;
}

/** After a failed read or checkpoint (emulator down), the listener tries again after this delay. */
const errorRetryMs = 2000;

export class CosmosTriggerListener {
  readonly #target: HostFunction;
  readonly #options: CosmosTriggerOptions;
  readonly #retry: RetryPolicy | undefined;
  readonly #context: CosmosListenerContext;
  readonly #owner = `${hostname()}-${randomUUID()}`;
  #stopped = false;
  #wake: (() => void) | undefined;
  #running: Promise<void> = Promise.resolve();

  constructor(
    target: HostFunction,
    options: CosmosTriggerOptions,
    retry: RetryPolicy | undefined,
    context: CosmosListenerContext,
  ) {
    this.#target = target;
    this.#options = options;
    this.#retry = retry;
    this.#context = context;
  }

  start(): void {
    this.#running = this.#run().catch((error: unknown) => this.#error('stopped', error));
  }

  stopPolling(): void {
    this.#stopped = true;
    this.#wake?.();
  }

  settled(): Promise<void> {
    return this.#running;
  }

  async #run(): Promise<void> {
    const options = this.#options;
    const monitored = this.#client(options.account)
      .database(options.databaseName)
      .container(options.containerName);
    let opened: { leases: Container; lease: Lease } | undefined;
    while (!opened && !this.#stopped) {
      try {
        const leases = await this.#openLeases(monitored);
        if (!leases) return;
        opened = { leases, lease: await this.#readLease(leases) };
      } catch (error) {
        // The account is not reachable (yet): try again, as the real listener keeps retrying to start.
        this.#error('could not open its containers; retrying', error);
        await this.#pause(errorRetryMs);
      }
    }
    if (!opened) return;
    const { leases } = opened;
    let { lease } = opened;
    while (!this.#stopped) {
      try {
        const feed = monitored.items.getChangeFeedIterator<Record<string, unknown>>({
          changeFeedStartFrom: this.#startFrom(lease.ContinuationToken),
          maxItemCount: options.maxItemsPerInvocation,
        });
        const page = await feed.readNext();
        const documents = page.result.slice(0, options.maxItemsPerInvocation);
        if (documents.length > 0) {
          await this.#invokeWithRetries(documents);
          if (this.#stopped) return;
        }
        if (documents.length > 0 || lease.ContinuationToken === null) {
          lease = await this.#checkpoint(leases, lease, page.continuationToken);
        }
        if (documents.length === 0) await this.#pause(options.feedPollDelayMs);
      } catch (error) {
        this.#error('could not read the change feed or checkpoint; retrying', error);
        await this.#pause(errorRetryMs);
        lease = await this.#readLease(leases).catch(() => lease);
      }
    }
  }

  #client(account: CosmosAccountSettings): CosmosClient {
    const { caPem } = this.#context;
    return new CosmosClient({
      endpoint: account.endpoint,
      key: account.key,
      ...(caPem ? { agent: new Agent({ ca: caPem, keepAlive: true }) } : {}),
      connectionPolicy: { enableEndpointDiscovery: false },
    });
  }

  /** The lease container, created when asked; undefined (reported) when a container is missing. */
  async #openLeases(monitored: Container): Promise<Container | undefined> {
    const options = this.#options;
    const database = this.#client(options.leaseAccount).database(options.leaseDatabaseName);
    if (options.createLeaseContainerIfNotExists) {
      await database.client.databases.createIfNotExists({ id: options.leaseDatabaseName });
      await database.containers.createIfNotExists({
        id: options.leaseContainerName,
        partitionKey: { paths: ['/id'] },
      });
    }
    const exists = async (container: Container) =>
      container
        .read()
        .then((response) => response.statusCode < 400)
        .catch(() => false);
    const leases = database.container(options.leaseContainerName);
    if ((await exists(monitored)) && (await exists(leases))) return leases;
    this.#context.log({
      level: 'error',
      category: 'host',
      functionName: this.#target.name,
      message:
        `Function '${this.#target.name}' cannot run: either the source container '${options.containerName}' ` +
        `(in database '${options.databaseName}') or the lease container '${options.leaseContainerName}' ` +
        `(in database '${options.leaseDatabaseName}') does not exist. Both containers must exist before the ` +
        `listener starts. To automatically create the lease container, set 'createLeaseContainerIfNotExists' to 'true'.`,
    });
    return undefined;
  }

  #leaseId(): string {
    const { account, databaseName, containerName, leaseContainerPrefix } = this.#options;
    return `${leaseContainerPrefix}${new URL(account.endpoint).host}_${databaseName}_${containerName}..0`;
  }

  async #readLease(leases: Container): Promise<Lease> {
    const id = this.#leaseId();
    const { resource } = await leases.item(id, id).read<Lease>();
    if (resource) return resource;
    const fresh: Lease = {
      id,
      LeaseToken: '0',
      Owner: this.#owner,
      ContinuationToken: null,
      timestamp: new Date().toISOString(),
    };
    const { resource: created } = await leases.items.upsert<Lease>(fresh);
    return (created as Lease | undefined) ?? fresh;
  }

  #startFrom(continuation: string | null) {
    if (continuation) return ChangeFeedStartFrom.Continuation(continuation);
    if (this.#options.startFromBeginning) return ChangeFeedStartFrom.Beginning();
    if (this.#options.startFromTime) return ChangeFeedStartFrom.Time(this.#options.startFromTime);
    return ChangeFeedStartFrom.Now();
  }

  /** Stores the position after the batch; a lease changed meanwhile (412) is re-read and the write dropped. */
  async #checkpoint(leases: Container, lease: Lease, continuation: string): Promise<Lease> {
    const next: Lease = {
      ...lease,
      Owner: this.#owner,
      ContinuationToken: continuation,
      timestamp: new Date().toISOString(),
    };
    const { resource } = await leases
      .item(lease.id, lease.id)
      .replace<Lease>(
        next,
        lease._etag ? { accessCondition: { type: 'IfMatch', condition: lease._etag } } : {},
      );
    return (resource as Lease | undefined) ?? next;
  }

  /** Invokes the function with the batch, retried as its `retry` policy says; false when it finally failed. */
  async #invokeWithRetries(documents: Record<string, unknown>[]): Promise<boolean> {
    const target = this.#target;
    const maxRetryCount = this.#retry?.maxRetryCount ?? 0;
    let exception: { message: string; stackTrace?: string } | undefined;
    for (let retryCount = 0; !this.#stopped; retryCount += 1) {
      const result = await this.#context.supervisor.invoke(
        target.name,
        {
          invocationId: randomUUID(),
          functionId: target.functionId,
          inputData: [{ name: target.triggerBindingName, data: { json: JSON.stringify(documents) } }],
          triggerMetadata: {},
          ...(retryCount > 0
            ? { retryContext: { retryCount, maxRetryCount, ...(exception ? { exception } : {}) } }
            : {}),
        },
        `New changes on container ${this.#options.containerName} at ${new Date().toISOString()}`,
      );
      if (result.status === 'succeeded') {
        await writeQueueOutputs(target, result.response, this.#context.queues, this.#context.messageEncoding);
        return true;
      }
      if (result.status === 'unavailable') {
        // The worker is being restarted: the same attempt again, later.
        await this.#pause(errorRetryMs);
        retryCount -= 1;
        continue;
      }
      exception = { message: result.message, ...(result.stack ? { stackTrace: result.stack } : {}) };
      const retriesLeft = this.#retry && (maxRetryCount < 0 || retryCount < maxRetryCount);
      if (!retriesLeft) break;
      await this.#pause(this.#retry!.delayMs(retryCount + 1));
    }
    if (!this.#stopped) {
      this.#context.log({
        level: 'warning',
        category: 'host',
        functionName: target.name,
        message: `Function '${target.name}' failed on a batch of ${documents.length} change(s) from '${this.#options.containerName}'; the batch is checkpointed and will not be delivered again.`,
      });
    }
    return false;
  }

  #pause(ms: number): Promise<void> {
    if (this.#stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const wake = () => {
        clearTimeout(timer);
        done();
      };
      function done() {
        resolve();
      }
      this.#wake = wake;
    });
  }

  #error(what: string, error: unknown): void {
    if (this.#stopped) return;
    this.#context.log({
      level: 'error',
      category: 'host',
      functionName: this.#target.name,
      message: `The Cosmos DB trigger of '${this.#target.name}' ${what}: ${(error as Error).message}`,
    });
  }
}

/** The PEM the host trusts for Cosmos DB connections (the local emulator's), from `CASEFLOW_LOCAL_CA_FILE`. */
export function localCaPem(env: Readonly<Record<string, string>>): string | undefined {
  const file = env[settingDeclarations.localCaFile.name];
  return file ? readFileSync(file, 'utf8') : undefined;
}

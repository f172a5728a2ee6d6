/**
 * Tenant-scoped access to one Cosmos DB container (partition key /tenantId): every read, write and query goes
 * to the caller's tenant partition, so no code path can see another tenant's documents. Conflicts carry
 * stable codes: `storage.conflict` for an id that exists, `storage.etag-mismatch` for a lost ETag race, and
 * `storage.invalid-continuation` for a continuation token Cosmos DB does not accept.
 */
import type { Container, SqlParameter } from '@azure/cosmos';
import { CaseflowError } from '../errors/caseflow-error.js';

export interface TenantDocument {
  readonly id: string;
  readonly tenantId: string;
}

/** A document as callers write it: the repository adds `tenantId` (distributes over unions). */
export type Unowned<T> = T extends unknown ? Omit<T, 'tenantId'> : never;

/** A stored document with the ETag to replace it by. */
export type Stored<T> = T & { readonly _etag: string };

export interface Page<T> {
  readonly items: readonly T[];
  /** Opaque; pass back to get the next page. Absent on the last page. */
  readonly continuationToken?: string;
}

export interface QueryOptions {
  /** The rest of the WHERE clause after the tenant condition, over alias `c` (e.g. `c.type = @type`). */
  readonly where?: string;
  readonly parameters?: readonly SqlParameter[];
  readonly orderBy?: string;
  readonly maxItemCount?: number;
  readonly continuationToken?: string;
}

export class TenantRepository<T extends TenantDocument> {
  constructor(
    private readonly container: Container,
    readonly tenantId: string,
  ) {}

  /** The document with this id in the tenant; an id Cosmos DB cannot hold (e.g. from a URL) is simply absent. */
  async read(id: string): Promise<Stored<T> | undefined> {
    if (!isStorableId(id)) return undefined;
    const response = await this.container.item(id, this.tenantId).read<Stored<T>>();
    return response.statusCode === 404 ? undefined : response.resource;
  }

  /** Creates the document; an existing id is `storage.conflict`. */
  async create(document: Unowned<T>): Promise<Stored<T>> {
    try {
      const { resource } = await this.container.items.create<T>(this.owned(document));
      return resource as Stored<T>;
    } catch (error) {
      if (statusOf(error) === 409) {
        throw new CaseflowError('storage.conflict', `Document ${document.id} already exists.`, {
          id: document.id,
        });
      }
      throw error;
    }
  }

  /** Creates the document unless one with its id exists; either way returns the stored one (idempotent writes). */
  async createIfAbsent(document: Unowned<T>): Promise<{ document: Stored<T>; created: boolean }> {
    try {
      return { document: await this.create(document), created: true };
    } catch (error) {
      if (!(error instanceof CaseflowError) || error.code !== 'storage.conflict') throw error;
      const existing = await this.read(document.id);
      if (!existing) throw error;
      return { document: existing, created: false };
    }
  }

  /** Replaces the document if it still has `etag`; otherwise `storage.etag-mismatch`. */
  async replace(document: Unowned<T>, etag: string): Promise<Stored<T>> {
    try {
      const { resource } = await this.container
        .item(document.id, this.tenantId)
        .replace<T>(this.owned(document), { accessCondition: { type: 'IfMatch', condition: etag } });
      return resource as Stored<T>;
    } catch (error) {
      const status = statusOf(error);
      if (status === 412 || status === 404) {
        throw new CaseflowError(
          'storage.etag-mismatch',
          `Document ${document.id} was changed concurrently.`,
          {
            id: document.id,
          },
        );
      }
      throw error;
    }
  }

  /** Deletes the document if it still has `etag` (else `storage.etag-mismatch`); a missing one is fine. */
  async delete(id: string, etag: string): Promise<void> {
    try {
      await this.container
        .item(id, this.tenantId)
        .delete({ accessCondition: { type: 'IfMatch', condition: etag } });
    } catch (error) {
      const status = statusOf(error);
      if (status === 404) return;
      if (status === 412) {
        throw new CaseflowError('storage.etag-mismatch', `Document ${id} was changed concurrently.`, { id });
      }
      throw error;
    }
  }

  async query(options: QueryOptions = {}): Promise<Page<Stored<T>>> {
    const where = options.where ? ` AND (${options.where})` : '';
    const orderBy = options.orderBy ? ` ORDER BY ${options.orderBy}` : '';
    const iterator = this.container.items.query<Stored<T>>(
      {
        query: `SELECT * FROM c WHERE c.tenantId = @tenantId${where}${orderBy}`,
        parameters: [{ name: '@tenantId', value: this.tenantId }, ...(options.parameters ?? [])],
      },
      {
        partitionKey: this.tenantId,
        maxItemCount: options.maxItemCount ?? 100,
        ...(options.continuationToken ? { continuationToken: options.continuationToken } : {}),
      },
    );
    let page;
    try {
      page = await iterator.fetchNext();
    } catch (error) {
      if (options.continuationToken && statusOf(error) === 400) {
        throw new CaseflowError('storage.invalid-continuation', 'The continuation token is not valid.');
      }
      throw error;
    }
    return {
      items: page.resources,
      ...(page.continuationToken ? { continuationToken: page.continuationToken } : {}),
    };
  }

  /** Every match, page after page: for bounded result sets only. */
  async queryAll(options: Omit<QueryOptions, 'continuationToken'> = {}): Promise<Stored<T>[]> {
    const all: Stored<T>[] = [];
    let continuationToken: string | undefined;
    do {
      const page = await this.query({ ...options, ...(continuationToken ? { continuationToken } : {}) });
      all.push(...page.items);
      continuationToken = page.continuationToken;
    } while (continuationToken);
    return all;
  }

  private owned(document: Unowned<T>): T {
    return { ...document, tenantId: this.tenantId } as T;
  }
}

/** Cosmos DB ids: 1 to 255 characters, none of `/ \\ ? #`. */
function isStorableId(id: string): boolean {
  return id.length > 0 && id.length <= 255 && !/[/\\?#]/.test(id);
}

function statusOf(error: unknown): number | undefined {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'number' ? code : undefined;
}

/**
 * Equality indexes for the local Cosmos DB's queries. `@vercel/cosmosdb-server` runs every query over every
 * document of its container, and `@zeit/cosmosdb-query`'s compiled query gathers its input with a spread per
 * document (quadratic: 10,000 documents cost ~200 ms per query), so queries slowed down as the local data grew.
 * Here a query first narrows its input to the documents that can meet its equality conditions
 * (`cosmos-query-conditions.ts`, plus the request's partition key) through an index per field path (value ->
 * document rids), built on the first query that needs that path and kept up to date on every write. The
 * query's own filter still runs, and its code sorts its input by `_rid` in every shape it supports (ORDER BY
 * uses `_rid` to break ties; without ORDER BY results come in `_rid` order), so the order of the narrowed
 * input does not matter: filter, ORDER BY, TOP, aggregates and continuation tokens give exactly what they gave
 * over the whole container. With no usable condition a query scans everything as before.
 *
 * This patches the package's `Documents` prototype (pinned version: re-check `_set`, `delete`, `query`,
 * `_getQuery` and `_data` when upgrading it). System properties (`_ts`, `_lsn`, ...) are never indexed: the
 * emulator stamps some of them after storing a document.
 */
import { createRequire } from 'node:module';
import {
  equalityConditions,
  isIndexableValue,
  pathKey,
  type EqualityCondition,
  type IndexableValue,
} from './cosmos-query-conditions.js';

type StoredDocument = Record<string, unknown>;

interface CompiledQuery {
  readonly ast: { readonly [field: string]: unknown };
  /** The generated JavaScript (`code` computes and caches it here). */
  _code: string | null;
  readonly code: string;
  exec(documents: StoredDocument[], options: object): unknown;
}

interface QueryParams {
  readonly query: string;
  readonly parameters?: { name: string; value: unknown }[];
}

export interface DocumentQueryOptions {
  readonly maxItemCount?: number | null;
  readonly continuation?: unknown;
  /** Conditions the request itself sets (its partition key): only matching documents are seen. */
  readonly scope?: readonly EqualityCondition[];
}

interface Documents {
  _data: Map<string, { read(): StoredDocument }>;
  readonly _parent: { read(): StoredDocument | undefined };
  _toRid(keyPath: string, idOrRid: string, partition: unknown): string;
  _userDefinedFunctions(): unknown;
  _getQuery(sql: string): CompiledQuery;
  _set(data: StoredDocument): StoredDocument;
  delete(idOrRid: string, partition: unknown): void;
  query(params: QueryParams, options: DocumentQueryOptions): unknown;
}

interface PathIndex {
  readonly path: readonly (string | number)[];
  readonly byValue: Map<IndexableValue, Set<string>>;
}

/** The indexes of one container's documents. */
class ContainerIndex {
  readonly #paths = new Map<string, PathIndex>();

  constructor(private readonly documents: Documents) {}

  added(rid: string, document: StoredDocument): void {
    for (const index of this.#paths.values()) indexDocument(index, rid, document);
  }

  removed(rid: string, document: StoredDocument): void {
    for (const index of this.#paths.values()) {
      const value = valueAt(document, index.path);
      if (!isIndexableValue(value)) continue;
      const rids = index.byValue.get(value);
      rids?.delete(rid);
      if (rids?.size === 0) index.byValue.delete(value);
    }
  }

  /** The documents meeting the most selective condition; undefined when no condition can use an index. */
  candidates(conditions: readonly EqualityCondition[]): StoredDocument[] | undefined {
    let best: { rids: Set<string>[]; count: number } | undefined;
    for (const condition of conditions) {
      if (typeof condition.path[0] !== 'string' || condition.path[0].startsWith('_')) continue;
      const index = this.#index(condition.path);
      const rids = [...condition.values].flatMap((value) => index.byValue.get(value) ?? []);
      const count = rids.reduce((sum, set) => sum + set.size, 0);
      if (best === undefined || count < best.count) best = { rids, count };
    }
    return best?.rids.flatMap((rids) => [...rids].map((rid) => this.documents._data.get(rid)!.read()));
  }

  #index(path: readonly (string | number)[]): PathIndex {
    const key = pathKey(path);
    let index = this.#paths.get(key);
    if (index === undefined) {
      index = { path, byValue: new Map() };
      for (const [rid, item] of this.documents._data) indexDocument(index, rid, item.read());
      this.#paths.set(key, index);
    }
    return index;
  }
}

/**
 * The compiled query gathers its input with `$c.reduce(($, c) => ... [...$, { c }] ..., [])`, copying the array
 * once per document: quadratic in the input. This rewrites that one expression (the FROM source; joins keep
 * theirs) into the equivalent `filter` + `map`; code of another shape is left as it is.
 */
function linearInput(query: CompiledQuery): CompiledQuery {
  if (!linearised.has(query)) {
    query._code = query.code.replace(
      /\$c\.reduce\(\(\$, (\w+)\) => typeof \1 !== "undefined" \? \[\.\.\.\$, \{\s*(\w+): \1\s*\}\] : \$, \[\]\)/,
      '$c.filter(($1) => typeof $1 !== "undefined").map(($1) => ({ $2: $1 }))',
    );
    linearised.add(query);
  }
  return query;
}

const linearised = new WeakSet<CompiledQuery>();

function indexDocument(index: PathIndex, rid: string, document: StoredDocument): void {
  const value = valueAt(document, index.path);
  if (!isIndexableValue(value)) return;
  let rids = index.byValue.get(value);
  if (rids === undefined) index.byValue.set(value, (rids = new Set()));
  rids.add(rid);
}

function meets(document: StoredDocument, condition: EqualityCondition): boolean {
  const value = valueAt(document, condition.path);
  return isIndexableValue(value) && condition.values.has(value);
}

/** The value at a path, the way compiled queries read members (`typeof v === 'object' && v ? v[key] : undefined`). */
function valueAt(document: unknown, path: readonly (string | number)[]): unknown {
  let value = document;
  for (const key of path)
    value = typeof value === 'object' && value ? (value as StoredDocument)[key] : undefined;
  return value;
}

const indexes = new WeakMap<Documents, ContainerIndex>();

const require = createRequire(import.meta.url);
const prototype = (
  require('@vercel/cosmosdb-server/lib/account/documents.js') as { default: { prototype: Documents } }
).default.prototype;

const storeDocument = prototype._set;
prototype._set = function indexedSet(this: Documents, data: StoredDocument) {
  const rid = String(data['_rid']);
  const replaced = this._data.get(rid)?.read();
  if (replaced !== undefined) indexes.get(this)?.removed(rid, replaced);
  const stored = storeDocument.call(this, data);
  indexes.get(this)?.added(rid, data);
  return stored;
};

const deleteDocument = prototype.delete;
prototype.delete = function indexedDelete(this: Documents, idOrRid: string, partition: unknown) {
  const rid = this._toRid('/id', idOrRid, partition);
  const document = this._data.get(rid)?.read();
  deleteDocument.call(this, idOrRid, partition);
  if (document !== undefined) indexes.get(this)?.removed(rid, document);
};

/** The package's `Items.query`, over the candidates instead of every document. */
prototype.query = function indexedQuery(this: Documents, params: QueryParams, options: DocumentQueryOptions) {
  const collection = this._parent.read();
  if (!collection) return null;
  const query = linearInput(this._getQuery(params.query));
  const conditions = [...(options.scope ?? []), ...equalityConditions(query.ast, params.parameters).values()];
  let index = indexes.get(this);
  if (index === undefined && conditions.length > 0) indexes.set(this, (index = new ContainerIndex(this)));
  const candidates = index?.candidates(conditions) ?? [...this._data.values()].map((item) => item.read());
  // Every condition is necessary (or the request's scope), so checking them all first is safe, and cheap.
  const documents =
    conditions.length === 0
      ? candidates
      : candidates.filter((document) => conditions.every((condition) => meets(document, condition)));
  const indexingPolicy = collection['indexingPolicy'] as { compositeIndexes?: unknown } | undefined;
  try {
    return query.exec(documents, {
      parameters: params.parameters,
      udf: this._userDefinedFunctions(),
      maxItemCount: options.maxItemCount,
      continuation: options.continuation,
      compositeIndexes: indexingPolicy?.compositeIndexes ?? [],
    });
  } catch (error) {
    (error as { badRequest?: boolean }).badRequest = true;
    throw error;
  }
};

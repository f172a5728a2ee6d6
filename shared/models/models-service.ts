/**
 * The Models (Modeler / Catalog) use cases over a tenant's repository and the source blob store: import and
 * store an upload idempotently, list, version, activate and deactivate. HTTP-free; the functions adapt it.
 */
import { createHash } from 'node:crypto';
import { importModel, type Diagnostic, type ProcessGraph } from '../bpmn/index.js';
import { CaseflowError } from '../errors/caseflow-error.js';
import type { ModelSourceStore } from '../storage/model-source-store.js';
import type { Page, Stored, TenantRepository } from '../storage/tenant-repository.js';
import {
  definitionId,
  type DefinitionDocument,
  type DefinitionsContainerDocument,
  type ModelDocument,
} from './documents.js';

export interface UploadResult {
  readonly model: Stored<ModelDocument>;
  /** The importer's warnings and notes for this upload (a stored model has no errors). */
  readonly diagnostics: readonly Diagnostic[];
  /** False when the same bytes were uploaded before: nothing new was stored. */
  readonly created: boolean;
}

/** Version allocation retries when a concurrent upload took the next version number. */
const maxVersionAttempts = 5;

export class ModelsService {
  constructor(
    private readonly repository: TenantRepository<DefinitionsContainerDocument>,
    private readonly sources: ModelSourceStore,
    private readonly now: () => Date,
  ) {}

  async upload(bytes: Uint8Array, userId: string, maxBytes: number): Promise<UploadResult> {
    const result = await importModel(bytes, { limits: { maxBytes } });
    if (!result.valid) {
      throw new CaseflowError('models.invalid-model', 'The model is not valid.', {
        diagnostics: result.diagnostics,
      });
    }
    if (result.graphs.length === 0) {
      throw new CaseflowError('models.no-executable-process', 'The model has no executable process.', {
        diagnostics: result.diagnostics,
      });
    }
    const contentHash = createHash('sha256').update(bytes).digest('hex');
    const existing = await this.model(contentHash);
    if (existing) return { model: existing, created: false, diagnostics: result.diagnostics };
    const sourceBlob = await this.sources.put(this.repository.tenantId, contentHash, bytes);
    const uploadedAt = this.now().toISOString();
    const processes = [];
    for (const graph of result.graphs) {
      const definition = await this.ensureDefinition(graph, contentHash, userId, uploadedAt);
      processes.push({
        processKey: definition.processKey,
        version: definition.version,
        ...(definition.name !== undefined ? { name: definition.name } : {}),
      });
    }
    const { document, created } = await this.repository.createIfAbsent({
      id: contentHash,
      type: 'model',
      contentHash,
      sourceBlob,
      sizeBytes: bytes.byteLength,
      processes,
      uploadedBy: userId,
      uploadedAt,
    });
    return { model: document as Stored<ModelDocument>, created, diagnostics: result.diagnostics };
  }

  async model(id: string): Promise<Stored<ModelDocument> | undefined> {
    const document = await this.repository.read(id);
    return document?.type === 'model' ? document : undefined;
  }

  async source(id: string): Promise<Buffer> {
    const model = await this.model(id);
    if (!model) throw notFound(`No model ${id}.`);
    return this.sources.get(model.sourceBlob);
  }

  async listModels(maxItemCount: number, continuationToken?: string): Promise<Page<Stored<ModelDocument>>> {
    return (await this.repository.query({
      where: 'c.type = @type',
      parameters: [{ name: '@type', value: 'model' }],
      maxItemCount,
      ...(continuationToken ? { continuationToken } : {}),
    })) as Page<Stored<ModelDocument>>;
  }

  /** Every version of a process key, oldest first; 404 when the key has none. */
  async versions(processKey: string): Promise<Stored<DefinitionDocument>[]> {
    const versions = await this.definitions('c.processKey = @key', [{ name: '@key', value: processKey }]);
    if (versions.length === 0) throw notFound(`No process ${processKey}.`);
    return versions.sort((a, b) => a.version - b.version);
  }

  /** The startable processes: per key, its latest active version. */
  async startable(): Promise<Stored<DefinitionDocument>[]> {
    const latest = new Map<string, Stored<DefinitionDocument>>();
    for (const definition of await this.definitions('c.active = true', [])) {
      const current = latest.get(definition.processKey);
      if (!current || current.version < definition.version) latest.set(definition.processKey, definition);
    }
    return [...latest.values()].sort((a, b) => a.processKey.localeCompare(b.processKey));
  }

  /** Activates or deactivates a version; with `ifMatch`, only if the version still has that ETag (else 412). */
  async setActive(
    processKey: string,
    version: number,
    active: boolean,
    ifMatch?: string,
  ): Promise<Stored<DefinitionDocument>> {
    const id = definitionId(processKey, version);
    const definition = await this.repository.read(id);
    if (definition?.type !== 'definition') throw notFound(`No version ${version} of process ${processKey}.`);
    if (ifMatch !== undefined && unquote(ifMatch) !== unquote(definition._etag)) {
      throw new CaseflowError(
        'http.precondition-failed',
        `Version ${version} of ${processKey} has changed.`,
        {
          etag: definition._etag,
        },
      );
    }
    if (definition.active === active) return definition;
    const { _etag: etag, ...rest } = definition;
    return (await this.repository.replace({ ...rest, active }, etag)) as Stored<DefinitionDocument>;
  }

  private async ensureDefinition(
    graph: ProcessGraph,
    modelId: string,
    userId: string,
    createdAt: string,
  ): Promise<DefinitionDocument> {
    for (let attempt = 0; attempt < maxVersionAttempts; attempt++) {
      const versions = await this.definitions('c.processKey = @key', [
        { name: '@key', value: graph.processId },
      ]);
      const same = versions.find((definition) => definition.contentHash === graph.hash);
      if (same) return same;
      const version = versions.reduce((highest, definition) => Math.max(highest, definition.version), 0) + 1;
      const { document, created } = await this.repository.createIfAbsent({
        id: definitionId(graph.processId, version),
        type: 'definition',
        processKey: graph.processId,
        version,
        ...(graph.name !== undefined ? { name: graph.name } : {}),
        contentHash: graph.hash,
        modelId,
        ...(graph.restrictedVariables ? { restrictedVariables: graph.restrictedVariables } : {}),
        active: true,
        createdBy: userId,
        createdAt,
      });
      if (created || (document.type === 'definition' && document.contentHash === graph.hash)) {
        return document as DefinitionDocument;
      }
    }
    throw new CaseflowError('storage.conflict', `Could not allocate a version of ${graph.processId}.`, {
      processKey: graph.processId,
    });
  }

  private async definitions(
    where: string,
    parameters: { name: string; value: string }[],
  ): Promise<Stored<DefinitionDocument>[]> {
    return (await this.repository.queryAll({
      where: `c.type = 'definition' AND ${where}`,
      parameters,
    })) as Stored<DefinitionDocument>[];
  }
}

/** ETags compare without the quotes (and weak prefix) HTTP clients may add. */
function unquote(etag: string): string {
  return etag.replace(/^W\//, '').replace(/^"(.*)"$/, '$1');
}

function notFound(message: string): CaseflowError {
  return new CaseflowError('http.not-found', message);
}

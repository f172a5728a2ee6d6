/**
 * Definitions as the execution core needs them: the startable version of a process key, and the compiled
 * graph of a version. The Models API stores sources only; graphs are compiled from the stored source on
 * first use and kept in memory by the definition's graph hash (a graph is immutable per hash), so each
 * worker compiles a version once.
 */
import { importModel, type ProcessGraph } from '../bpmn/index.js';
import { CaseflowError } from '../errors/caseflow-error.js';
import {
  definitionId,
  type DefinitionDocument,
  type DefinitionsContainerDocument,
  type ModelDocument,
} from '../models/documents.js';
import type { ModelSourceStore } from '../storage/model-source-store.js';
import type { Stored, TenantRepository } from '../storage/tenant-repository.js';

const compiled = new Map<string, Promise<ProcessGraph>>();
/** Tenant and definition id -> the version's visibility rules. */
const visibility = new Map<string, Pick<ProcessGraph, 'restrictedVariables'>>();

export class ProcessDefinitions {
  /** Definition id -> its graph's hash: fixed once the definition exists, so read once per instance. */
  readonly #hashes = new Map<string, string>();

  constructor(
    private readonly repository: TenantRepository<DefinitionsContainerDocument>,
    private readonly sources: ModelSourceStore,
  ) {}

  /** The latest active version of the key; `cases.process-not-found` when there is none. */
  async startable(processKey: string): Promise<Stored<DefinitionDocument>> {
    const active = (await this.repository.queryAll({
      where: "c.type = 'definition' AND c.processKey = @key AND c.active = true",
      parameters: [{ name: '@key', value: processKey }],
    })) as Stored<DefinitionDocument>[];
    const latest = active.reduce<Stored<DefinitionDocument> | undefined>(
      (best, definition) => (!best || best.version < definition.version ? definition : best),
      undefined,
    );
    if (!latest) {
      throw new CaseflowError('cases.process-not-found', `No startable process ${processKey}.`, {
        processKey,
      });
    }
    return latest;
  }

  /** The startable (latest active) version of every process key of the tenant. */
  async allStartable(): Promise<Stored<DefinitionDocument>[]> {
    const active = (await this.repository.queryAll({
      where: "c.type = 'definition' AND c.active = true",
    })) as Stored<DefinitionDocument>[];
    const latest = new Map<string, Stored<DefinitionDocument>>();
    for (const definition of active) {
      const best = latest.get(definition.processKey);
      if (!best || best.version < definition.version) latest.set(definition.processKey, definition);
    }
    return [...latest.values()];
  }

  /**
   * The variables the version restricts (caseflow:variableVisibility), read without compiling its graph and
   * kept in memory: they are fixed when the version is stored.
   */
  async visibilityRules(id: string): Promise<Pick<ProcessGraph, 'restrictedVariables'>> {
    const key = `${this.repository.tenantId}\n${id}`;
    const known = visibility.get(key);
    if (known) return known;
    const definition = await this.repository.read(id);
    if (definition?.type !== 'definition') {
      throw new CaseflowError('cases.definition-missing', `Definition ${id} does not exist.`, { id });
    }
    const rules = definition.restrictedVariables
      ? { restrictedVariables: definition.restrictedVariables }
      : {};
    visibility.set(key, rules);
    return rules;
  }

  async graph(id: string): Promise<ProcessGraph> {
    const known = this.#hashes.get(id);
    const cached = known === undefined ? undefined : compiled.get(known);
    if (cached) return cached;
    const definition = await this.repository.read(id);
    if (definition?.type !== 'definition') {
      throw new CaseflowError('cases.definition-missing', `Definition ${id} does not exist.`, { id });
    }
    this.#hashes.set(id, definition.contentHash);
    let graph = compiled.get(definition.contentHash);
    if (!graph) {
      graph = this.compile(definition);
      compiled.set(definition.contentHash, graph);
      // A failed compile (e.g. a blob read error) is not cached.
      graph.catch(() => compiled.delete(definition.contentHash));
    }
    return graph;
  }

  private async compile(definition: DefinitionDocument): Promise<ProcessGraph> {
    const model = (await this.repository.read(definition.modelId)) as Stored<ModelDocument> | undefined;
    if (model?.type !== 'model') {
      throw new CaseflowError('cases.definition-missing', `Model ${definition.modelId} does not exist.`);
    }
    const source = await this.sources.get(model.sourceBlob);
    // The upload was checked against the size limit already.
    const result = await importModel(source, { limits: { maxBytes: source.byteLength } });
    const graph = result.graphs.find((candidate) => candidate.processId === definition.processKey);
    if (!graph || graph.hash !== definition.contentHash) {
      throw new CaseflowError(
        'cases.definition-missing',
        `Model ${model.id} no longer compiles to ${definitionId(definition.processKey, definition.version)}.`,
      );
    }
    return graph;
  }
}

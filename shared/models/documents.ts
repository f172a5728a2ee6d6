/**
 * What the Models API stores in the `definitions` container (partition key /tenantId), told apart by `type`:
 * one `model` per uploaded source (id = the source's sha256) and one `definition` per executable process of
 * it and version (id = `<processKey>:<version>`).
 */
import type { RestrictedVariable } from '../bpmn/index.js';
import type { TenantDocument } from '../storage/tenant-repository.js';

export interface ModelProcess {
  readonly processKey: string;
  readonly version: number;
  readonly name?: string;
}

export interface ModelDocument extends TenantDocument {
  readonly type: 'model';
  /** sha256 of the uploaded bytes, hex; also the id. */
  readonly contentHash: string;
  readonly sourceBlob: string;
  readonly sizeBytes: number;
  readonly processes: readonly ModelProcess[];
  readonly uploadedBy: string;
  readonly uploadedAt: string;
}

export interface DefinitionDocument extends TenantDocument {
  readonly type: 'definition';
  /** The BPMN process id. */
  readonly processKey: string;
  /** 1, 2, ... per tenant and process key. */
  readonly version: number;
  readonly name?: string;
  /** The compiled graph's hash: an upload with an equal graph for this key reuses the version. */
  readonly contentHash: string;
  /** The model (upload) the version came from. */
  readonly modelId: string;
  /**
   * The graph's `restrictedVariables` (caseflow:variableVisibility), kept here so reads that filter variables
   * need no compiled graph. Absent: no variable is restricted.
   */
  readonly restrictedVariables?: readonly RestrictedVariable[];
  /** Only active versions can start cases; the startable one per key is the latest active. */
  readonly active: boolean;
  readonly createdBy: string;
  readonly createdAt: string;
}

export type DefinitionsContainerDocument = ModelDocument | DefinitionDocument;

export function definitionId(processKey: string, version: number): string {
  return `${processKey}:${version}`;
}

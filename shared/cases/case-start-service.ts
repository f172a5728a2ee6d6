/**
 * Starts a case: the case document (created only if absent, so a repeated start finds it), then the
 * `start` event through the inbox, whose doorbell starts the case's orchestration. A business key makes the
 * id deterministic per process key: starting twice returns the case the first start created.
 */
import { createHash } from 'node:crypto';
import type { Variables } from '../engine/index.js';
import type { Stored } from '../storage/tenant-repository.js';
import type { CaseDocument, ParentLink } from './case-documents.js';
import type { CaseStore } from './case-store.js';
import type { CosmosCaseInbox } from './cosmos-case-inbox.js';
import type { ProcessDefinitions } from './process-definitions.js';

export interface StartCase {
  readonly tenantId: string;
  readonly processKey: string;
  readonly variables: Variables;
  readonly businessKey?: string;
  readonly startedBy: string;
  /** A derived id (child cases); else from the business key, else a new one. */
  readonly caseId?: string;
  readonly parent?: ParentLink;
  /** The start event to start at (a message or signal start event); absent: the none start event. */
  readonly startEvent?: string;
}

export class CaseStartService {
  constructor(
    private readonly stores: (tenantId: string) => CaseStore,
    private readonly definitions: (tenantId: string) => ProcessDefinitions,
    private readonly inbox: CosmosCaseInbox,
    private readonly newId: () => string,
    private readonly now: () => Date,
  ) {}

  async start(request: StartCase): Promise<{ case: Stored<CaseDocument>; created: boolean }> {
    const store = this.stores(request.tenantId);
    const derivedId =
      request.caseId ??
      (request.businessKey !== undefined
        ? businessKeyCaseId(request.processKey, request.businessKey)
        : undefined);
    // A case with this business key (or child id) exists: it is the answer, whatever versions are active now.
    const existing = derivedId === undefined ? undefined : await store.readCase(derivedId);
    if (existing) return { case: await this.deliverStart(existing, false, request), created: false };
    const definition = await this.definitions(request.tenantId).startable(request.processKey);
    const { document, created } = await store.repository.createIfAbsent({
      id: derivedId ?? this.newId(),
      type: 'case',
      processKey: definition.processKey,
      version: definition.version,
      definitionId: definition.id,
      ...(request.businessKey !== undefined ? { businessKey: request.businessKey } : {}),
      startedBy: request.startedBy,
      startedAt: this.now().toISOString(),
      ...(request.parent ? { parent: request.parent } : {}),
      status: 'active',
      lastApplied: 0,
      variables: {},
      activeElements: [],
    });
    return { case: await this.deliverStart(document as Stored<CaseDocument>, created, request), created };
  }

  /** Also for a case found: a first start may have crashed before its start event was written. */
  private async deliverStart(
    found: Stored<CaseDocument>,
    created: boolean,
    request: StartCase,
  ): Promise<Stored<CaseDocument>> {
    if (found.type === 'case' && found.status === 'active' && found.lastApplied === 0) {
      await this.inbox.deliverCaseEvent(
        { tenantId: request.tenantId, caseId: found.id },
        {
          type: 'start',
          variables: request.variables,
          ...(request.startEvent !== undefined ? { startEvent: request.startEvent } : {}),
        },
        { idempotencyKey: 'start', actor: request.startedBy },
        { case: found, created },
      );
    }
    return found;
  }
}

export function businessKeyCaseId(processKey: string, businessKey: string): string {
  return `bk-${createHash('sha256').update(`${processKey}\n${businessKey}`).digest('hex').slice(0, 40)}`;
}

/** The child case a call activity starts: one per parent case and element instance. */
export function childCaseId(parentCaseId: string, elementInstance: string): string {
  return `call-${createHash('sha256').update(`${parentCaseId}\n${elementInstance}`).digest('hex').slice(0, 40)}`;
}

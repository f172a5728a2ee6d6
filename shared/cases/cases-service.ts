/**
 * The Cases API use cases, HTTP-free: start, search, read, timeline, cancel, comments and variables, each
 * under the record rules (record-rules.ts). A case the caller may not see is `cases.not-found`, as if absent.
 * What leaves here carries only the variables the caller may see (variable-visibility.ts).
 */
import type { SqlParameter } from '@azure/cosmos';
import type { ProcessGraph } from '../bpmn/index.js';
import type { Variables } from '../engine/index.js';
import { CaseflowError } from '../errors/caseflow-error.js';
import type { Principal } from '../identity/principal.js';
import type { Page, Stored, TenantRepository } from '../storage/tenant-repository.js';
import type { CaseDocument, CaseStatus, CommentDocument, TimelineDocument } from './case-documents.js';
import type { CaseStartService } from './case-start-service.js';
import type { CaseStore } from './case-store.js';
import type { CosmosCaseInbox } from './cosmos-case-inbox.js';
import { isAdmin, seesEverything, worksOnCondition } from './record-rules.js';
import type { TaskDocument } from './task-documents.js';
import { variableVisibility, type VariableVisibility } from './variable-visibility.js';

export interface CaseSearch {
  readonly processKey?: string;
  readonly status?: CaseStatus;
  readonly businessKey?: string;
  readonly startedBy?: string;
  readonly startedAfter?: string;
  readonly startedBefore?: string;
  /** Root variables that must equal these JSON values. */
  readonly variables?: Readonly<Record<string, unknown>>;
  readonly limit: number;
  readonly continuationToken?: string;
}

export class CasesService {
  private readonly visibilities = new Map<string, Promise<VariableVisibility>>();

  constructor(
    private readonly principal: Principal,
    private readonly store: CaseStore,
    private readonly tasks: TenantRepository<TaskDocument>,
    private readonly starter: CaseStartService,
    private readonly inbox: CosmosCaseInbox,
    private readonly newId: () => string,
    private readonly now: () => Date,
    /** A definition's `caseflow:variableVisibility`: who sees which variable (ProcessDefinitions.visibilityRules). */
    private readonly visibilityRules: (
      definitionId: string,
    ) => Promise<Pick<ProcessGraph, 'restrictedVariables'>>,
  ) {}

  async start(processKey: string, variables: Variables, businessKey?: string) {
    const started = await this.starter.start({
      tenantId: this.principal.tenantId,
      processKey,
      variables,
      ...(businessKey !== undefined ? { businessKey } : {}),
      startedBy: this.principal.userId,
    });
    return { ...started, case: await this.withVisibleVariables(started.case) };
  }

  async search(search: CaseSearch): Promise<Page<Stored<CaseDocument>>> {
    const conditions = ["c.type = 'case'"];
    const parameters: SqlParameter[] = [];
    const equal = (field: string, value: string | undefined) => {
      if (value === undefined) return;
      conditions.push(`c.${field} = @${field}`);
      parameters.push({ name: `@${field}`, value });
    };
    equal('processKey', search.processKey);
    equal('status', search.status);
    equal('businessKey', search.businessKey);
    equal('startedBy', search.startedBy);
    if (search.startedAfter !== undefined) {
      conditions.push('c.startedAt >= @startedAfter');
      parameters.push({ name: '@startedAfter', value: search.startedAfter });
    }
    if (search.startedBefore !== undefined) {
      conditions.push('c.startedAt < @startedBefore');
      parameters.push({ name: '@startedBefore', value: search.startedBefore });
    }
    for (const [index, [name, value]] of Object.entries(search.variables ?? {}).entries()) {
      // Names are checked identifiers (cases.ts), so they can be part of the query text.
      conditions.push(`c.variables.${name} = @variable${index}`);
      parameters.push({ name: `@variable${index}`, value: value as SqlParameter['value'] });
    }
    if (!seesEverything(this.principal)) {
      const involved = await this.workedCaseIds();
      conditions.push('(c.startedBy = @me OR ARRAY_CONTAINS(@involved, c.id))');
      parameters.push({ name: '@me', value: this.principal.userId }, { name: '@involved', value: involved });
    }
    const page = (await this.store.repository.query({
      where: conditions.join(' AND '),
      parameters,
      orderBy: 'c.startedAt DESC',
      maxItemCount: search.limit,
      ...(search.continuationToken ? { continuationToken: search.continuationToken } : {}),
    })) as Page<Stored<CaseDocument>>;
    // A filter on a variable the caller may not see matches nothing in that case, so its value cannot be
    // probed; such cases leave the page, which may then be shorter than the limit.
    const filtered = Object.keys(search.variables ?? {});
    const items: Stored<CaseDocument>[] = [];
    for (const found of page.items) {
      const visibility = await this.visibilityOf(found);
      if (filtered.every((name) => visibility.mayRead(name))) {
        items.push({ ...found, variables: visibility.visible(found.variables) });
      }
    }
    return { ...page, items };
  }

  /** The case with the variables the caller may see, if the caller may see the case; else `cases.not-found`. */
  async read(caseId: string): Promise<Stored<CaseDocument>> {
    return this.withVisibleVariables(await this.get(caseId));
  }

  /** The case if the caller may see it, else `cases.not-found`. */
  async get(caseId: string): Promise<Stored<CaseDocument>> {
    const found = await this.store.readCase(caseId);
    if (!found || !(await this.maySee(found))) {
      throw new CaseflowError('cases.not-found', `No case ${caseId}.`, { caseId });
    }
    return found;
  }

  /** The case's timeline; entries name only the variables the caller may see. */
  async timeline(caseId: string): Promise<Stored<TimelineDocument>[]> {
    const visibility = await this.visibilityOf(await this.get(caseId));
    const entries = (await this.store.repository.queryAll({
      where: "c.type = 'timeline' AND c.caseId = @caseId",
      parameters: [{ name: '@caseId', value: caseId }],
      orderBy: 'c.id',
    })) as Stored<TimelineDocument>[];
    return entries.map((entry) => withVisibleVariableNames(entry, visibility));
  }

  /** Admins and the case's starter may cancel it; the cancel reaches its child cases through the engine. */
  async cancel(caseId: string): Promise<void> {
    const found = await this.get(caseId);
    if (!isAdmin(this.principal) && found.startedBy !== this.principal.userId) {
      throw new CaseflowError('auth.forbidden', 'Only an admin or the case starter may cancel it.');
    }
    await this.inbox.deliverCaseEvent(
      { tenantId: this.principal.tenantId, caseId },
      { type: 'cancel' },
      { idempotencyKey: 'cancel', actor: this.principal.userId },
    );
  }

  async setVariables(caseId: string, variables: Variables, requestId: string): Promise<void> {
    await this.get(caseId);
    await this.inbox.deliverCaseEvent(
      { tenantId: this.principal.tenantId, caseId },
      { type: 'setVariables', variables },
      { idempotencyKey: `set-variables:${requestId}`, actor: this.principal.userId },
    );
  }

  async addComment(caseId: string, text: string): Promise<Stored<CommentDocument>> {
    await this.get(caseId);
    return (await this.store.repository.create({
      id: `comment:${caseId}:${this.newId()}`,
      type: 'comment',
      caseId,
      author: this.principal.userId,
      text,
      at: this.now().toISOString(),
    })) as Stored<CommentDocument>;
  }

  async comments(caseId: string): Promise<Stored<CommentDocument>[]> {
    await this.get(caseId);
    return (await this.store.repository.queryAll({
      where: "c.type = 'comment' AND c.caseId = @caseId",
      parameters: [{ name: '@caseId', value: caseId }],
      orderBy: 'c.at',
    })) as Stored<CommentDocument>[];
  }

  private async withVisibleVariables<T extends CaseDocument>(found: T): Promise<T> {
    return { ...found, variables: (await this.visibilityOf(found)).visible(found.variables) };
  }

  private visibilityOf(found: CaseDocument): Promise<VariableVisibility> {
    if (isAdmin(this.principal)) return Promise.resolve(variableVisibility({}, this.principal));
    // A search page usually holds cases of a few definitions: each is looked up once.
    let visibility = this.visibilities.get(found.definitionId);
    if (!visibility) {
      visibility = this.visibilityRules(found.definitionId).then((rules) =>
        variableVisibility(rules, this.principal),
      );
      this.visibilities.set(found.definitionId, visibility);
    }
    return visibility;
  }

  private async maySee(found: CaseDocument): Promise<boolean> {
    if (seesEverything(this.principal) || found.startedBy === this.principal.userId) return true;
    return (await this.workedCaseIds()).includes(found.id);
  }

  /** The cases a worker works or worked on (bounded by their tasks; see docs/data.md). */
  private async workedCaseIds(): Promise<string[]> {
    const worked = worksOnCondition(this.principal);
    const tasks = await this.tasks.queryAll({ where: worked.where, parameters: worked.parameters });
    return [...new Set(tasks.map((task) => task.caseId))];
  }
}

/** Timeline entries name the variables an event carried (never values): hidden names are left out. */
function withVisibleVariableNames(
  entry: Stored<TimelineDocument>,
  visibility: VariableVisibility,
): Stored<TimelineDocument> {
  const { what } = entry;
  if (what.kind !== 'event' || !Array.isArray(what.detail?.variables)) return entry;
  const names = (what.detail.variables as unknown[]).filter(
    (name) => typeof name !== 'string' || visibility.mayRead(name),
  );
  return { ...entry, what: { ...what, detail: { ...what.detail, variables: names } } };
}

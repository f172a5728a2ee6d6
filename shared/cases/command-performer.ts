/**
 * `advanceCase` hands every engine command to the performers that handle its kind. A performer may run more
 * than once for the same command (activities are retried), so it creates its side effect only if absent,
 * under an id derived from `commandId`.
 */
import type { EngineCommand } from '../engine/index.js';
import type { Stored } from '../storage/tenant-repository.js';
import type { CaseDocument } from './case-documents.js';
import type { CaseStore } from './case-store.js';

export interface CommandContext {
  readonly tenantId: string;
  readonly caseId: string;
  readonly processKey: string;
  readonly definitionId: string;
  /** Deterministic for the case, the inbox event being applied and the command's position in its result. */
  readonly commandId: string;
  /** The case clock: when the inbox event being applied was received (ISO 8601). */
  readonly now: string;
  /** The case as `advanceCase` read it before applying this event; absent outside `advanceCase`. */
  readonly owner?: Stored<CaseDocument>;
}

/** The case a command belongs to: the one `advanceCase` already read, else read now. */
export function ownerCase(context: CommandContext, cases: (tenantId: string) => CaseStore) {
  return context.owner ?? cases(context.tenantId).requireCase(context.caseId);
}

export type CommandKind = EngineCommand['kind'];
export type CommandOf<K extends CommandKind> = Extract<EngineCommand, { readonly kind: K }>;

export interface CommandPerformer {
  readonly handles: ReadonlySet<CommandKind>;
  perform(command: EngineCommand, context: CommandContext): Promise<void>;
}

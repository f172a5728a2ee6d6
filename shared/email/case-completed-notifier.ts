/**
 * "Case completed": when a top-level case ends, its starter gets a mail (a reply adds a comment to the
 * case). Called cases (with a parent) notify nobody: their parent goes on. `advanceCase` hands `end` to the
 * performers that handle it after recording the case's end.
 */
import type { EngineCommand } from '../engine/index.js';
import type { CaseStore } from '../cases/case-store.js';
import {
  ownerCase,
  type CommandContext,
  type CommandKind,
  type CommandPerformer,
} from '../cases/command-performer.js';
import type { Notifications } from './notifications.js';

export class CaseCompletedNotifier implements CommandPerformer {
  readonly handles: ReadonlySet<CommandKind> = new Set<CommandKind>(['end']);

  constructor(
    private readonly notifications: Notifications,
    private readonly cases: (tenantId: string) => CaseStore,
  ) {}

  async perform(command: EngineCommand, context: CommandContext): Promise<void> {
    if (command.kind !== 'end') return;
    const owner = await ownerCase(context, this.cases);
    if (owner.parent) return;
    await this.notifications.notify({
      tenantId: context.tenantId,
      kind: 'case-completed',
      subject: context.caseId,
      userId: owner.startedBy,
      case: {
        id: context.caseId,
        processKey: context.processKey,
        ...(owner.businessKey !== undefined ? { businessKey: owner.businessKey } : {}),
        status: command.status,
      },
      acceptsReply: true,
      now: context.now,
    });
  }
}

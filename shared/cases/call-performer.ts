/**
 * `startCall` and `cancelCall`: a call activity starts a child case linked to its parent (the child's id is
 * derived from the parent and the element instance, so a repeated start finds it); the child's end answers
 * the parent (see advance-case.ts). A process that cannot be started answers `callFailed` (an incident).
 */
import type { EngineCommand } from '../engine/index.js';
import { CaseflowError } from '../errors/caseflow-error.js';
import type { CaseInbox } from './case-inbox.js';
import { childCaseId, type CaseStartService } from './case-start-service.js';
import type { CommandContext, CommandKind, CommandPerformer } from './command-performer.js';

export class CallPerformer implements CommandPerformer {
  readonly handles: ReadonlySet<CommandKind> = new Set<CommandKind>(['startCall', 'cancelCall']);

  constructor(
    private readonly starter: CaseStartService,
    private readonly inbox: CaseInbox,
  ) {}

  async perform(command: EngineCommand, context: CommandContext): Promise<void> {
    if (command.kind === 'startCall') return this.start(command, context);
    if (command.kind === 'cancelCall') return this.cancel(command.elementInstance, context);
  }

  private async start(
    command: Extract<EngineCommand, { kind: 'startCall' }>,
    context: CommandContext,
  ): Promise<void> {
    try {
      await this.starter.start({
        tenantId: context.tenantId,
        processKey: command.processId,
        variables: command.variables,
        startedBy: `system:case:${context.caseId}`,
        caseId: childCaseId(context.caseId, command.elementInstance),
        parent: { caseId: context.caseId, elementInstance: command.elementInstance },
      });
    } catch (error) {
      if (!(error instanceof CaseflowError) || error.code !== 'cases.process-not-found') throw error;
      await this.inbox.deliver(
        { tenantId: context.tenantId, caseId: context.caseId },
        { type: 'callFailed', elementInstance: command.elementInstance, message: error.message },
        { idempotencyKey: `call-failed:${context.commandId}`, actor: `system:case:${context.caseId}` },
      );
    }
  }

  private async cancel(elementInstance: string, context: CommandContext): Promise<void> {
    try {
      await this.inbox.deliver(
        { tenantId: context.tenantId, caseId: childCaseId(context.caseId, elementInstance) },
        { type: 'cancel' },
        { idempotencyKey: `cancel-call:${context.caseId}`, actor: `system:case:${context.caseId}` },
      );
    } catch (error) {
      // A child that already ended, or was never started, has nothing to cancel.
      if (
        !(error instanceof CaseflowError) ||
        (error.code !== 'cases.closed' && error.code !== 'cases.not-found')
      ) {
        throw error;
      }
    }
  }
}

/**
 * Hands each engine command to every performer that handles its kind (a `cancelWork` may concern a task
 * or a job). A kind nobody handles is a wiring error: `cases.no-performer`, so the case stops visibly
 * instead of silently dropping work.
 */
import type { EngineCommand } from '../engine/index.js';
import { CaseflowError } from '../errors/caseflow-error.js';
import type { CommandContext, CommandKind, CommandPerformer } from './command-performer.js';

export class CommandDispatch {
  private readonly byKind = new Map<CommandKind, CommandPerformer[]>();

  constructor(performers: readonly CommandPerformer[]) {
    for (const performer of performers) {
      for (const kind of performer.handles)
        this.byKind.set(kind, [...(this.byKind.get(kind) ?? []), performer]);
    }
  }

  async perform(command: EngineCommand, context: CommandContext): Promise<void> {
    const performers = this.byKind.get(command.kind);
    if (!performers) {
      throw new CaseflowError('cases.no-performer', `No performer handles the command ${command.kind}.`, {
        kind: command.kind,
        caseId: context.caseId,
      });
    }
    for (const performer of performers) await performer.perform(command, context);
  }

  /** For commands advanceCase performs itself (`end`): the performers that follow it, if any (notifications). */
  async observe(command: EngineCommand, context: CommandContext): Promise<void> {
    for (const performer of this.byKind.get(command.kind) ?? []) await performer.perform(command, context);
  }
}

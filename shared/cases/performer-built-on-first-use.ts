/**
 * A performer built when its first command arrives, so composing the case runtime connects to nothing and
 * reads no setting (a worker that never performs that kind never needs its clients).
 */
import type { CommandKind, CommandPerformer } from './command-performer.js';

export function performerBuiltOnFirstUse(
  handles: ReadonlySet<CommandKind>,
  build: () => CommandPerformer,
): CommandPerformer {
  let performer: CommandPerformer | undefined;
  return { handles, perform: (command, context) => (performer ??= build()).perform(command, context) };
}

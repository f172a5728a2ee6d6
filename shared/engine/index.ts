/** The deterministic process engine: see docs/engine.md. */
export { apply, initialState, noneStartEvent, type ApplyResult } from './apply.js';
export {
  engineCommandKinds,
  type EndedElement,
  type EngineCommand,
  type UserTaskAssignment,
} from './commands.js';
export type { EngineEvent } from './events.js';
export type * from './state.js';

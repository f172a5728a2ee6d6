/**
 * Conditional events: intermediate catches, boundary events, event sub-process starts and alternatives of
 * an event-based gateway that wait for a condition. Conditions are evaluated when the step has settled
 * (no token left to move) after a variable was written or a conditional event began waiting, so a
 * condition already true on entry fires at once. An event fires when its condition becomes true: a
 * non-interrupting one that fired waits for its condition to be false before it can fire again (else it
 * would fire on every variable change). A condition that fails to evaluate or is not `true` does not hold.
 */
import type { Execution } from './execution.js';
import { fire, waitingCatches, type WaitingCatch } from './event-waits.js';
import type { EventTrigger, Variables } from './state.js';

const isConditional = (wait: { readonly kind: string }): boolean => wait.kind === 'conditional';

/** Evaluates every waiting condition and fires those that became true; returns whether one fired. */
export function fireConditionalEvents(x: Execution): boolean {
  if (!x.conditionsDirty) return false;
  x.conditionsDirty = false;
  let fired = false;
  for (const waiting of waitingCatches(x.state, isConditional)) {
    const holds = conditionHolds(x, waiting);
    const held = heldBefore(waiting);
    if (holds && !held) {
      fire(x, waiting, undefined);
      fired = true;
    } else if (!holds && held) {
      forget(waiting);
    }
  }
  return fired;
}

function targetOf(waiting: WaitingCatch): string {
  return waiting.via === 'wait' ? waiting.instance.element : waiting.target;
}

function conditionHolds(x: Execution, waiting: WaitingCatch): boolean {
  const definition = x.node(targetOf(waiting)).eventDefinitions?.[0];
  if (definition?.kind !== 'conditional' || !definition.condition) return false;
  const variables: Variables =
    waiting.via === 'eventSubProcess'
      ? x.variablesIn(waiting.scope.id)
      : x.variablesIn(waiting.instance.scope, waiting.instance);
  const outcome = x.evaluate(definition.condition, variables);
  return outcome.ok && outcome.value === true;
}

/** The trigger list a waiting catch of a boundary event or event sub-process start lives in. */
function triggersOf(waiting: WaitingCatch): EventTrigger[] | undefined {
  if (waiting.via === 'boundary') return waiting.instance.boundaries;
  if (waiting.via === 'eventSubProcess') return waiting.scope.triggers;
  return undefined;
}

function heldBefore(waiting: WaitingCatch): boolean {
  const trigger = triggersOf(waiting)?.find((candidate) => candidate.target === targetOf(waiting));
  return trigger?.wait.kind === 'conditional' && trigger.wait.holds === true;
}

/** The condition is false again: the non-interrupting event may fire when it next becomes true. */
function forget(waiting: WaitingCatch): void {
  const triggers = triggersOf(waiting);
  const index = triggers?.findIndex((candidate) => candidate.target === targetOf(waiting)) ?? -1;
  if (triggers && index >= 0) triggers[index] = { target: targetOf(waiting), wait: { kind: 'conditional' } };
}

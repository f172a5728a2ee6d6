/**
 * Standard loops: the activity runs again and again in the same element instance (its boundary events
 * span the whole loop) while the loop condition holds and fewer than `loopMaximum` iterations ran. The
 * condition is tested after each iteration, and with `testBefore` also before the first (so a false
 * condition runs no iteration). The condition sees the variables, the iteration's outputs and
 * `loopCounter` (the iterations done). Without a condition, `loopMaximum` iterations run; a loop with
 * neither could run for ever and is an incident.
 */
import type { StandardLoop } from '../bpmn/graph.js';
import type { Execution } from './execution.js';
import { leave } from './flow.js';
import type { ElementInstance, RetryStep, Variables } from './state.js';

/** Entering a standard loop activity; returns whether its (next) iteration runs now. */
export function startIteration(x: Execution, instance: ElementInstance, loop: StandardLoop): boolean {
  // Entered again for the next iteration, or retried: the loop test was already passed.
  if (instance.iteration !== undefined) return true;
  if (!loop.condition && loop.maximum === undefined) {
    const message = `The standard loop of ${instance.element} has neither a loop condition nor a loop maximum.`;
    x.raiseIncident(instance, 'unbounded-loop', message, 'enter');
    return false;
  }
  if (loop.testBefore) {
    const more = loopContinues(x, instance, loop, 0, {}, 'enter');
    if (more === undefined) return false;
    if (!more) {
      instance.result = {};
      leave(x, instance);
      return false;
    }
  }
  instance.iteration = 0;
  return true;
}

/**
 * An iteration finished with `outputs`: when the loop goes on, apply them, record the iteration and queue
 * the next one. Returns whether it goes on, or undefined after raising an incident.
 */
export function nextIteration(
  x: Execution,
  instance: ElementInstance,
  loop: StandardLoop,
  outputs: Variables,
): boolean | undefined {
  const done = (instance.iteration ?? 0) + 1;
  const more = loopContinues(x, instance, loop, done, outputs, 'leave');
  if (more !== true) return more;
  x.setVariables(instance.scope, outputs);
  x.record(instance, 'completed');
  instance.iteration = done;
  delete instance.result;
  delete instance.variables;
  x.arrivals.push({ scope: instance.scope, node: instance.element, again: instance.id });
  return true;
}

function loopContinues(
  x: Execution,
  instance: ElementInstance,
  loop: StandardLoop,
  done: number,
  outputs: Variables,
  retry: RetryStep,
): boolean | undefined {
  if (loop.maximum !== undefined && done >= loop.maximum) return false;
  if (!loop.condition) return true;
  const variables = { ...x.variablesIn(instance.scope, instance), ...outputs, loopCounter: done };
  const outcome = x.evaluate(loop.condition, variables);
  if (!outcome.ok) {
    x.raiseIncident(instance, 'expression-failed', outcome.message, retry);
    return undefined;
  }
  if (outcome.value !== null && typeof outcome.value !== 'boolean') {
    const message = `The loop condition of ${instance.element} gave ${JSON.stringify(outcome.value)}, not a boolean.`;
    x.raiseIncident(instance, 'condition-not-boolean', message, retry);
    return undefined;
  }
  return outcome.value === true;
}

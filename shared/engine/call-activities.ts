/**
 * Call activities. Entering one emits `startCall` with the variables the called process starts with
 * (all visible ones when parent variables propagate, else only the input mappings) and waits; whoever runs
 * the engine starts the called process and answers `callCompleted` with its variables, `callError` with its
 * uncaught BPMN error (thrown from the call activity, so its boundary events catch it) or `callFailed`
 * when it could not start (an incident retrying the call). Ending the call activity early emits
 * `cancelCall`. On completion the child's variables are the call activity's result: with output mappings
 * only the mapped ones come back (Camunda 8), otherwise all of them when child variables propagate, plus
 * Camunda 7 `camunda:out` bindings.
 */
import type { CallDefinition, FlowNode } from '../bpmn/graph.js';
import type { Execution } from './execution.js';
import type { ElementInstance, Variables } from './state.js';

export function startCall(x: Execution, instance: ElementInstance, node: FlowNode): void {
  const call = node.call;
  const processId = call ? calledProcess(x, instance, call) : undefined;
  if (!call || processId === undefined) {
    if (instance.status === 'incident') return;
    const message = `${node.id} names no process to call.`;
    return x.raiseIncident(instance, 'no-called-process', message, 'enter');
  }
  const view = x.variablesIn(instance.scope, instance);
  const variables: Variables = call.propagateAllParentVariables ? view : { ...(instance.variables ?? {}) };
  // Zeebe input mappings are the element's own (already evaluated); the rest are Camunda 7 `camunda:in`.
  for (const binding of call.inputs.slice(node.io?.inputs.length ?? 0)) {
    const outcome = x.evaluate(binding.source, { ...view, ...variables });
    if (!outcome.ok) return x.raiseIncident(instance, 'expression-failed', outcome.message, 'enter');
    variables[binding.target] = outcome.value;
  }
  instance.wait = { kind: 'call', processId };
  x.commands.push({
    kind: 'startCall',
    elementInstance: instance.id,
    element: node.id,
    processId,
    variables,
  });
}

function calledProcess(x: Execution, instance: ElementInstance, call: CallDefinition): string | undefined {
  if (call.processId !== undefined) return call.processId;
  if (!call.processIdExpression) return undefined;
  const outcome = x.evaluate(call.processIdExpression, x.variablesIn(instance.scope, instance));
  if (!outcome.ok) {
    x.raiseIncident(instance, 'expression-failed', outcome.message, 'enter');
    return undefined;
  }
  return typeof outcome.value === 'string' && outcome.value !== '' ? outcome.value : undefined;
}

/**
 * What a call activity without output mappings hands to its scope from the called process's variables
 * (`childVariables`): all of them when child variables propagate, plus Camunda 7 `camunda:out` bindings.
 * Undefined after raising an incident (retrying the leave step).
 */
export function callOutputs(
  x: Execution,
  instance: ElementInstance,
  call: CallDefinition,
  childVariables: Variables,
): Variables | undefined {
  const outputs: Variables = call.propagateAllChildVariables ? { ...childVariables } : {};
  for (const binding of call.outputs) {
    const outcome = x.evaluate(binding.source, childVariables);
    if (!outcome.ok) {
      x.raiseIncident(instance, 'expression-failed', outcome.message, 'leave');
      return undefined;
    }
    outputs[binding.target] = outcome.value;
  }
  return outputs;
}

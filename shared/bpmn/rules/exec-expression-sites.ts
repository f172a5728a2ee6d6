/**
 * Every expression a compiled graph carries, with the element it belongs to and what it is for, so one rule
 * can check them all whichever namespace (bpmn, camunda:, zeebe:, caseflow:) they were read from.
 */
import type { EventDefinition, Expression, FlowNode, ProcessGraph, VariableMapping } from '../graph.js';

export interface ExpressionSite {
  readonly element: string;
  /** What the expression is, for messages: `condition`, `input mapping "total"`, ... */
  readonly role: string;
  readonly expression: Expression;
}

export function expressionSites(graph: ProcessGraph): ExpressionSite[] {
  const sites: ExpressionSite[] = [];
  const add = (element: string, role: string, expression: Expression | undefined) => {
    if (expression) sites.push({ element, role, expression });
  };
  for (const node of Object.values(graph.nodes)) nodeSites(node, add);
  for (const flow of Object.values(graph.flows)) add(flow.id, 'condition', flow.condition);
  return sites;
}

type Add = (element: string, role: string, expression: Expression | undefined) => void;

function mappingSites(id: string, kind: string, mappings: readonly VariableMapping[], add: Add): void {
  for (const mapping of mappings) add(id, `${kind} mapping "${mapping.target}"`, mapping.source);
}

function nodeSites(node: FlowNode, add: Add): void {
  const id = node.id;
  add(id, 'activation condition', node.activationCondition);
  add(id, 'completion condition', node.adHoc?.completionCondition);
  for (const definition of node.eventDefinitions ?? []) eventSites(id, definition, add);
  if (node.loop?.kind === 'standard') add(id, 'loop condition', node.loop.condition);
  if (node.loop?.kind === 'multiInstance') {
    add(id, 'loop cardinality', node.loop.cardinality);
    add(id, 'input collection', node.loop.inputCollection);
    add(id, 'output element', node.loop.outputElement);
    add(id, 'completion condition', node.loop.completionCondition);
  }
  mappingSites(id, 'input', node.io?.inputs ?? [], add);
  mappingSites(id, 'output', node.io?.outputs ?? [], add);
  const userTask = node.userTask;
  if (userTask) {
    add(id, 'assignee', userTask.assignee);
    add(id, 'candidate users', userTask.candidateUsers);
    add(id, 'candidate groups', userTask.candidateGroups);
    add(id, 'due date', userTask.dueDate);
    add(id, 'follow-up date', userTask.followUpDate);
    add(id, 'priority', userTask.priority);
  }
  if (node.call) {
    add(id, 'called process', node.call.processIdExpression);
    // The io mappings are already listed above; only the camunda:in/out bindings are extra here.
    mappingSites(id, 'call input', node.call.inputs.slice(node.io?.inputs.length ?? 0), add);
    mappingSites(id, 'call output', node.call.outputs.slice(node.io?.outputs.length ?? 0), add);
  }
  add(id, 'correlation key', node.message?.correlationKey);
  if (node.script?.format === 'feel') add(id, 'script', { language: 'feel', source: node.script.source });
}

function eventSites(id: string, definition: EventDefinition, add: Add): void {
  if (definition.kind === 'message') add(id, 'correlation key', definition.correlationKey);
  if (definition.kind === 'conditional') add(id, 'condition', definition.condition);
  if (definition.kind === 'timer') {
    add(id, 'timer date', definition.timeDate);
    add(id, 'timer duration', definition.timeDuration);
    add(id, 'timer cycle', definition.timeCycle);
  }
}

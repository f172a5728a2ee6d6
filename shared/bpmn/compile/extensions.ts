/**
 * Reads execution details from Caseflow's own namespace, Camunda 8 (`zeebe:`) and Camunda 7 (`camunda:`)
 * into one normalised shape. Where a model carries more than one, Caseflow's namespace wins, then Camunda 8.
 */
import type {
  CallDefinition,
  Expression,
  IoMappings,
  JobDefinition,
  ScriptDefinition,
  UserTaskDefinition,
  VariableMapping,
} from '../graph.js';
import {
  booleanProperty,
  elementList,
  elementProperty,
  expressionBody,
  extensions,
  stringProperty,
  type ModdleElement,
} from '../moddle-element.js';
import { classifyExpression, classifyValue } from './expressions.js';

function first(element: ModdleElement, ...types: string[]): ModdleElement | undefined {
  for (const type of types) {
    const found = extensions(element, type)[0];
    if (found) return found;
  }
  return undefined;
}

function valueOf(element: ModdleElement | undefined, property: string): Expression | undefined {
  const value = element ? stringProperty(element, property) : undefined;
  return value === undefined || value.trim() === '' ? undefined : classifyValue(value);
}

function parameterMappings(parameters: ModdleElement[]): VariableMapping[] {
  return parameters.flatMap((parameter) => {
    const target = stringProperty(parameter, 'target');
    const source = stringProperty(parameter, 'source');
    return target === undefined || source === undefined ? [] : [{ target, source: classifyValue(source) }];
  });
}

/** Camunda 7 `inputParameter name="x"` holds its value as text, a script, a list or a map. */
function camundaParameterMappings(parameters: ModdleElement[]): VariableMapping[] {
  return parameters.flatMap((parameter) => {
    const target = stringProperty(parameter, 'name');
    if (target === undefined) return [];
    const definition = elementProperty(parameter, 'definition');
    if (definition?.$type === 'camunda:Script') {
      const format = stringProperty(definition, 'scriptFormat') ?? '';
      const body = stringProperty(definition, 'value') ?? '';
      return [{ target, source: classifyExpression(body, format) }];
    }
    // camunda:list and camunda:map have no expression form; the exec-activities rule reports them.
    if (definition) return [];
    return [{ target, source: classifyValue(stringProperty(parameter, 'value') ?? '') }];
  });
}

export function readIoMappings(node: ModdleElement): IoMappings | undefined {
  const own = first(node, 'caseflow:IoMapping', 'zeebe:IoMapping');
  if (own) {
    return {
      inputs: parameterMappings(elementList(own, 'inputParameters')),
      outputs: parameterMappings(elementList(own, 'outputParameters')),
    };
  }
  const camunda = first(node, 'camunda:InputOutput');
  if (camunda) {
    return {
      inputs: camundaParameterMappings(elementList(camunda, 'inputParameters')),
      outputs: camundaParameterMappings(elementList(camunda, 'outputParameters')),
    };
  }
  return undefined;
}

export function readJob(node: ModdleElement): JobDefinition | undefined {
  const definition = first(node, 'caseflow:TaskDefinition', 'zeebe:TaskDefinition');
  const headers: Record<string, string> = {};
  for (const container of [first(node, 'zeebe:TaskHeaders'), first(node, 'caseflow:TaskHeaders')]) {
    for (const header of container ? elementList(container, 'values') : []) {
      const key = stringProperty(header, 'key');
      if (key !== undefined) headers[key] = stringProperty(header, 'value') ?? '';
    }
  }
  const type =
    (definition && stringProperty(definition, 'type')) ??
    stringProperty(node, 'topic') ??
    stringProperty(node, 'class') ??
    stringProperty(node, 'delegateExpression') ??
    stringProperty(node, 'expression');
  if (type === undefined || type.trim() === '') return undefined;
  const retries = Number(definition ? stringProperty(definition, 'retries') : undefined);
  return { type: type.trim(), ...(Number.isInteger(retries) ? { retries } : {}), headers };
}

export function readUserTask(node: ModdleElement): UserTaskDefinition {
  const assignment = first(node, 'caseflow:AssignmentDefinition', 'zeebe:AssignmentDefinition');
  const schedule = first(node, 'zeebe:TaskSchedule');
  const priority = first(node, 'zeebe:PriorityDefinition');
  const form = first(node, 'caseflow:FormDefinition', 'zeebe:FormDefinition');
  const pick = (property: string, ...sources: (ModdleElement | undefined)[]): Expression | undefined => {
    for (const source of sources) {
      const value = valueOf(source, property);
      if (value) return value;
    }
    return valueOf(node, property);
  };
  const formKey =
    (form && (stringProperty(form, 'formKey') ?? stringProperty(form, 'formId'))) ??
    stringProperty(node, 'formKey');
  const priorityValue = pick('priority', assignment, priority);
  // Camunda 7's `camunda:priority` (read from the task itself) is any whole number; the others 0 to 100.
  const boundedPriority = valueOf(assignment, 'priority') ?? valueOf(priority, 'priority');
  const definition: Record<string, unknown> = {
    assignee: pick('assignee', assignment),
    candidateUsers: pick('candidateUsers', assignment),
    candidateGroups: pick('candidateGroups', assignment),
    dueDate: pick('dueDate', assignment, schedule),
    followUpDate: pick('followUpDate', assignment, schedule),
    priority: priorityValue,
    priorityRange: boundedPriority ? { min: 0, max: 100 } : undefined,
    formKey,
  };
  return withoutUndefined(definition) as UserTaskDefinition;
}

export function readScript(node: ModdleElement): ScriptDefinition | undefined {
  const own = first(node, 'caseflow:Script', 'zeebe:Script');
  if (own) {
    const expression = classifyValue(stringProperty(own, 'expression') ?? '');
    const resultVariable = stringProperty(own, 'resultVariable');
    return { format: 'feel', source: expression.source, ...(resultVariable ? { resultVariable } : {}) };
  }
  const source = stringProperty(node, 'script');
  if (source === undefined) return undefined;
  const resultVariable = stringProperty(node, 'resultVariable');
  return {
    format: (stringProperty(node, 'scriptFormat') ?? '').trim().toLowerCase(),
    source: source.trim(),
    ...(resultVariable ? { resultVariable } : {}),
  };
}

export function readCall(node: ModdleElement): CallDefinition {
  const own = first(node, 'caseflow:CalledElement', 'zeebe:CalledElement');
  const calledId = (own && stringProperty(own, 'processId')) ?? stringProperty(node, 'calledElement');
  const called = calledId === undefined || calledId.trim() === '' ? undefined : classifyValue(calledId);
  const camundaIn = extensions(node, 'camunda:In');
  const camundaOut = extensions(node, 'camunda:Out');
  const bindings = (list: ModdleElement[]): VariableMapping[] =>
    list.flatMap((binding) => {
      const target = stringProperty(binding, 'target');
      const source = stringProperty(binding, 'source');
      const sourceExpression = stringProperty(binding, 'sourceExpression');
      if (target === undefined) return [];
      if (sourceExpression !== undefined) return [{ target, source: classifyExpression(sourceExpression) }];
      return source === undefined ? [] : [{ target, source: { language: 'feel' as const, source } }];
    });
  const passesAll = (list: ModdleElement[]) =>
    list.some((binding) => stringProperty(binding, 'variables') === 'all');
  const io = readIoMappings(node);
  const zeebeStyle = own !== undefined;
  return {
    ...(called?.language === 'literal' ? { processId: called.source } : {}),
    ...(called && called.language !== 'literal' ? { processIdExpression: called } : {}),
    // Camunda 8 propagates all variables unless told otherwise; Camunda 7 only with variables="all".
    propagateAllChildVariables: zeebeStyle
      ? (booleanProperty(own, 'propagateAllChildVariables') ?? true)
      : passesAll(camundaOut),
    propagateAllParentVariables: zeebeStyle
      ? (booleanProperty(own, 'propagateAllParentVariables') ?? true)
      : passesAll(camundaIn),
    inputs: [...(io?.inputs ?? []), ...bindings(camundaIn)],
    outputs: [...(io?.outputs ?? []), ...bindings(camundaOut)],
  };
}

export function readCorrelationKey(message: ModdleElement | undefined): Expression | undefined {
  const subscription = message ? first(message, 'zeebe:Subscription') : undefined;
  return valueOf(subscription, 'correlationKey');
}

export function formalExpression(element: ModdleElement, property: string): Expression | undefined {
  const expression = elementProperty(element, property);
  const body = expressionBody(expression);
  if (body === undefined || expression === undefined) return undefined;
  return classifyExpression(body, stringProperty(expression, 'language'));
}

export function withoutUndefined<T extends Record<string, unknown>>(record: T): T {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as T;
}

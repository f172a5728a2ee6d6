/**
 * Compiles one process of a validated model into the engine's JSON graph (see ../graph.ts).
 */
import { createHash } from 'node:crypto';
import {
  processGraphFormat,
  type EventDefinition,
  type FlowNode,
  type MultiInstanceLoop,
  type ProcessGraph,
  type SequenceFlow,
  type StandardLoop,
  type UserTaskDefinition,
} from '../graph.js';
import type { ModelIndex } from '../model-index.js';
import {
  booleanProperty,
  elementList,
  elementProperty,
  isA,
  stringProperty,
  type ModdleElement,
} from '../moddle-element.js';
import { appendTo } from '../multi-map.js';
import { classifyValue } from './expressions.js';
import { readFormFields } from './form-fields.js';
import {
  formalExpression,
  readCall,
  readCorrelationKey,
  readIoMappings,
  readJob,
  readScript,
  readUserTask,
  withoutUndefined,
} from './extensions.js';
import { readRestrictedVariables } from './variable-visibility.js';

/**
 * Where a job may be defined: service-like tasks, and (as Camunda 8 allows) script tasks and message throw
 * events implemented by a worker.
 */
const jobTaskTypes = new Set([
  'bpmn:ServiceTask',
  'bpmn:SendTask',
  'bpmn:BusinessRuleTask',
  'bpmn:ScriptTask',
  'bpmn:IntermediateThrowEvent',
  'bpmn:EndEvent',
]);

export function compileProcess(process: ModdleElement, index: ModelIndex): ProcessGraph {
  const nodes: Record<string, FlowNode> = {};
  const flows: Record<string, SequenceFlow> = {};
  const compensationHandlers = compensationHandlerByActivity(index);
  const containers = containersOf(process);
  const flowIds = flowIdsOf(containers, index);
  const incoming = new Map<string, string[]>();
  const outgoing = new Map<string, string[]>();
  for (const container of containers) {
    for (const element of elementList(container, 'flowElements')) {
      const id = flowIds.get(element);
      if (id === undefined) continue;
      const flow = compileFlow(element, id);
      flows[id] = flow;
      // Edges come from each flow's sourceRef/targetRef: many tools never write <incoming>/<outgoing>.
      appendTo(outgoing, flow.source, id);
      appendTo(incoming, flow.target, id);
    }
  }
  const edges = { incoming, outgoing };
  for (const container of containers) {
    for (const element of elementList(container, 'flowElements')) {
      if (isA(element, 'bpmn:FlowNode') && element.id !== undefined) {
        nodes[element.id] = compileNode(element, container, edges, flowIds, compensationHandlers);
      }
    }
  }
  const body = withoutUndefined({
    format: processGraphFormat,
    processId: process.id ?? '',
    name: stringProperty(process, 'name'),
    executable: booleanProperty(process, 'isExecutable') ?? false,
    nodes,
    flows,
    children: childIds(process),
    restrictedVariables: readRestrictedVariables(process),
  });
  const hash = createHash('sha256').update(JSON.stringify(body)).digest('hex');
  return { ...body, hash } as ProcessGraph;
}

/** The process and every sub-process inside it, in document order (iterative: nesting may be deep). */
function containersOf(process: ModdleElement): ModdleElement[] {
  const containers: ModdleElement[] = [];
  const pending = [process];
  while (pending.length > 0) {
    const container = pending.pop() as ModdleElement;
    containers.push(container);
    const subProcesses = elementList(container, 'flowElements').filter((element) =>
      isA(element, 'bpmn:SubProcess'),
    );
    for (let index = subProcesses.length - 1; index >= 0; index -= 1)
      pending.push(subProcesses[index] as ModdleElement);
  }
  return containers;
}

function childIds(container: ModdleElement): string[] {
  return elementList(container, 'flowElements')
    .filter((element) => isA(element, 'bpmn:FlowNode') && element.id !== undefined)
    .map((element) => element.id as string);
}

/**
 * The id of every sequence flow of the process. Camunda 7 accepts flows without an id; they get a stable
 * generated one, `<source>-to-<target>` (with `-2`, `-3`... if taken), so the graph can still address them.
 */
function flowIdsOf(containers: readonly ModdleElement[], index: ModelIndex): Map<ModdleElement, string> {
  const taken = new Set(index.elements.map((element) => element.id).filter((id) => id !== undefined));
  const ids = new Map<ModdleElement, string>();
  for (const container of containers) {
    for (const flow of elementList(container, 'flowElements')) {
      if (!isA(flow, 'bpmn:SequenceFlow')) continue;
      if (flow.id !== undefined) {
        ids.set(flow, flow.id);
        continue;
      }
      const base = `${elementProperty(flow, 'sourceRef')?.id ?? 'unknown'}-to-${elementProperty(flow, 'targetRef')?.id ?? 'unknown'}`;
      let candidate = base;
      for (let suffix = 2; taken.has(candidate); suffix += 1) candidate = `${base}-${suffix}`;
      taken.add(candidate);
      ids.set(flow, candidate);
    }
  }
  return ids;
}

interface Edges {
  readonly incoming: ReadonlyMap<string, readonly string[]>;
  readonly outgoing: ReadonlyMap<string, readonly string[]>;
}

function compileFlow(flow: ModdleElement, id: string): SequenceFlow {
  return withoutUndefined({
    id,
    name: stringProperty(flow, 'name'),
    source: elementProperty(flow, 'sourceRef')?.id ?? '',
    target: elementProperty(flow, 'targetRef')?.id ?? '',
    condition: formalExpression(flow, 'conditionExpression'),
  }) as SequenceFlow;
}

function compileNode(
  element: ModdleElement,
  container: ModdleElement,
  edges: Edges,
  flowIds: ReadonlyMap<ModdleElement, string>,
  compensationHandlers: ReadonlyMap<string, string>,
): FlowNode {
  const type = element.$type;
  const isActivity = isA(element, 'bpmn:Activity');
  const isSubProcess = isA(element, 'bpmn:SubProcess');
  const eventDefinitions = elementList(element, 'eventDefinitions').map(compileEventDefinition);
  const node: Record<string, unknown> = {
    id: element.id,
    type,
    name: stringProperty(element, 'name'),
    scope: container.id,
    incoming: [...(edges.incoming.get(element.id ?? '') ?? [])],
    outgoing: [...(edges.outgoing.get(element.id ?? '') ?? [])],
    defaultFlow: defaultFlowId(element, flowIds),
    children: isSubProcess ? childIds(element) : undefined,
    triggeredByEvent: isSubProcess && booleanProperty(element, 'triggeredByEvent') ? true : undefined,
    transaction: type === 'bpmn:Transaction' ? true : undefined,
    adHoc: type === 'bpmn:AdHocSubProcess' ? compileAdHoc(element) : undefined,
    eventDefinitions: eventDefinitions.length > 0 ? eventDefinitions : undefined,
    attachedTo: type === 'bpmn:BoundaryEvent' ? elementProperty(element, 'attachedToRef')?.id : undefined,
    cancelActivity:
      type === 'bpmn:BoundaryEvent' ? (booleanProperty(element, 'cancelActivity') ?? true) : undefined,
    interrupting:
      type === 'bpmn:StartEvent' && isEventSubProcess(container)
        ? (booleanProperty(element, 'isInterrupting') ?? true)
        : undefined,
    parallelMultiple: booleanProperty(element, 'parallelMultiple') ? true : undefined,
    gatewayDirection: isA(element, 'bpmn:Gateway')
      ? (stringProperty(element, 'gatewayDirection') ?? 'Unspecified')
      : undefined,
    activationCondition:
      type === 'bpmn:ComplexGateway' ? formalExpression(element, 'activationCondition') : undefined,
    eventGatewayType:
      type === 'bpmn:EventBasedGateway'
        ? (stringProperty(element, 'eventGatewayType') ?? 'Exclusive')
        : undefined,
    instantiate:
      (type === 'bpmn:EventBasedGateway' || type === 'bpmn:ReceiveTask') &&
      booleanProperty(element, 'instantiate')
        ? true
        : undefined,
    startQuantity: isActivity ? (numberProperty(element, 'startQuantity') ?? 1) : undefined,
    completionQuantity: isActivity ? (numberProperty(element, 'completionQuantity') ?? 1) : undefined,
    forCompensation: isActivity && booleanProperty(element, 'isForCompensation') ? true : undefined,
    compensationHandler: element.id !== undefined ? compensationHandlers.get(element.id) : undefined,
    loop: isActivity ? compileLoop(element) : undefined,
    io: readIoMappings(element),
    job: jobTaskTypes.has(type) ? (readJob(element) ?? readMessageThrowJob(element)) : undefined,
    userTask: type === 'bpmn:UserTask' ? userTaskOf(element) : undefined,
    script: type === 'bpmn:ScriptTask' ? readScript(element) : undefined,
    call: type === 'bpmn:CallActivity' ? readCall(element) : undefined,
    message: type === 'bpmn:ReceiveTask' || type === 'bpmn:SendTask' ? compileMessage(element) : undefined,
  };
  return withoutUndefined(node) as unknown as FlowNode;
}

function userTaskOf(element: ModdleElement): UserTaskDefinition {
  const userTask = readUserTask(element);
  const formFields = readFormFields(element, userTask.formKey);
  return formFields ? { ...userTask, formFields } : userTask;
}

/** Camunda 7 puts a message throw event's delegate (class, topic...) on its message event definition. */
function readMessageThrowJob(element: ModdleElement) {
  if (!isA(element, 'bpmn:ThrowEvent')) return undefined;
  const definition = elementList(element, 'eventDefinitions').find(
    (candidate) => candidate.$type === 'bpmn:MessageEventDefinition',
  );
  return definition ? readJob(definition) : undefined;
}

function defaultFlowId(element: ModdleElement, flowIds: ReadonlyMap<ModdleElement, string>) {
  const flow = elementProperty(element, 'default');
  return flow ? (flowIds.get(flow) ?? flow.id) : undefined;
}

function numberProperty(element: ModdleElement, property: string): number | undefined {
  const value = element[property];
  return typeof value === 'number' ? value : undefined;
}

function isEventSubProcess(container: ModdleElement): boolean {
  return isA(container, 'bpmn:SubProcess') && booleanProperty(container, 'triggeredByEvent') === true;
}

function compileMessage(element: ModdleElement): FlowNode['message'] {
  const message = elementProperty(element, 'messageRef');
  return withoutUndefined({
    messageName: message ? (stringProperty(message, 'name') ?? message.id) : undefined,
    correlationKey: readCorrelationKey(message),
  });
}

function compileAdHoc(element: ModdleElement): FlowNode['adHoc'] {
  const zeebe = elementList(elementProperty(element, 'extensionElements') ?? element, 'values').find(
    (value) => value.$type === 'zeebe:AdHoc',
  );
  const collection = zeebe ? stringProperty(zeebe, 'activeElementsCollection')?.trim() : undefined;
  return withoutUndefined({
    ordering: stringProperty(element, 'ordering') === 'Sequential' ? 'Sequential' : 'Parallel',
    completionCondition: formalExpression(element, 'completionCondition'),
    cancelRemainingInstances: booleanProperty(element, 'cancelRemainingInstances') ?? true,
    // Always a FEEL expression in Camunda 8; the leading `=` is optional there.
    activeElementsCollection: collection
      ? { language: 'feel', source: collection.replace(/^=/, '').trim() }
      : undefined,
  }) as FlowNode['adHoc'];
}

function compileEventDefinition(definition: ModdleElement): EventDefinition {
  switch (definition.$type) {
    case 'bpmn:MessageEventDefinition': {
      const message = elementProperty(definition, 'messageRef');
      return withoutUndefined({
        kind: 'message',
        messageName: message ? (stringProperty(message, 'name') ?? message.id) : undefined,
        correlationKey: readCorrelationKey(message),
      }) as EventDefinition;
    }
    case 'bpmn:TimerEventDefinition':
      return withoutUndefined({
        kind: 'timer',
        timeDate: timerValue(definition, 'timeDate'),
        timeDuration: timerValue(definition, 'timeDuration'),
        timeCycle: timerValue(definition, 'timeCycle'),
      }) as EventDefinition;
    case 'bpmn:ErrorEventDefinition': {
      const error = elementProperty(definition, 'errorRef');
      return withoutUndefined({
        kind: 'error',
        errorCode: error ? stringProperty(error, 'errorCode') : undefined,
        errorName: error ? stringProperty(error, 'name') : undefined,
      }) as EventDefinition;
    }
    case 'bpmn:EscalationEventDefinition': {
      const escalation = elementProperty(definition, 'escalationRef');
      return withoutUndefined({
        kind: 'escalation',
        escalationCode: escalation ? stringProperty(escalation, 'escalationCode') : undefined,
        escalationName: escalation ? stringProperty(escalation, 'name') : undefined,
      }) as EventDefinition;
    }
    case 'bpmn:SignalEventDefinition': {
      const signal = elementProperty(definition, 'signalRef');
      return withoutUndefined({
        kind: 'signal',
        signalName: signal ? (stringProperty(signal, 'name') ?? signal.id) : undefined,
      }) as EventDefinition;
    }
    case 'bpmn:ConditionalEventDefinition':
      return withoutUndefined({
        kind: 'conditional',
        condition: formalExpression(definition, 'condition'),
      }) as EventDefinition;
    case 'bpmn:LinkEventDefinition':
      return withoutUndefined({
        kind: 'link',
        linkName: stringProperty(definition, 'name'),
      }) as EventDefinition;
    case 'bpmn:CompensateEventDefinition':
      return withoutUndefined({
        kind: 'compensate',
        activity: elementProperty(definition, 'activityRef')?.id,
        waitForCompletion: booleanProperty(definition, 'waitForCompletion') ?? true,
      }) as EventDefinition;
    case 'bpmn:CancelEventDefinition':
      return { kind: 'cancel' };
    default:
      return { kind: 'terminate' };
  }
}

function timerValue(definition: ModdleElement, property: string) {
  const expression = elementProperty(definition, property);
  const body = expression ? stringProperty(expression, 'body')?.trim() : undefined;
  return body === undefined || body === '' ? undefined : classifyValue(body);
}

function compileLoop(activity: ModdleElement): StandardLoop | MultiInstanceLoop | undefined {
  const loop = elementProperty(activity, 'loopCharacteristics');
  if (!loop) return undefined;
  if (loop.$type === 'bpmn:StandardLoopCharacteristics') {
    return withoutUndefined({
      kind: 'standard',
      testBefore: booleanProperty(loop, 'testBefore') ?? false,
      maximum: numberProperty(loop, 'loopMaximum'),
      condition: formalExpression(loop, 'loopCondition'),
    }) as StandardLoop;
  }
  const zeebe = elementList(elementProperty(loop, 'extensionElements') ?? loop, 'values').find(
    (value) => value.$type === 'zeebe:LoopCharacteristics',
  );
  const camundaCollection = stringProperty(loop, 'collection');
  const zeebeCollection = zeebe ? stringProperty(zeebe, 'inputCollection') : undefined;
  const inputCollection = zeebeCollection ?? camundaCollection;
  const outputElement = zeebe ? stringProperty(zeebe, 'outputElement') : undefined;
  const behavior = (stringProperty(loop, 'behavior') ?? 'All') as MultiInstanceLoop['behavior'];
  const behaviorRef: Partial<Record<MultiInstanceLoop['behavior'], string>> = {
    None: 'noneBehaviorEventRef',
    One: 'oneBehaviorEventRef',
  };
  const refName = behaviorRef[behavior];
  const behaviorEvent = refName !== undefined ? elementProperty(loop, refName) : undefined;
  const complexBehavior = elementList(loop, 'complexBehaviorDefinition').map((definition) => {
    const event = elementProperty(definition, 'event');
    return withoutUndefined({
      condition: formalExpression(definition, 'condition'),
      events: event ? elementList(event, 'eventDefinitions').map(compileEventDefinition) : [],
    });
  });
  return withoutUndefined({
    kind: 'multiInstance',
    sequential: booleanProperty(loop, 'isSequential') ?? false,
    cardinality: formalExpression(loop, 'loopCardinality'),
    inputCollection:
      inputCollection === undefined
        ? undefined
        : zeebeCollection === undefined && !/[$#]\{/.test(inputCollection)
          ? { language: 'feel', source: inputCollection }
          : classifyValue(inputCollection),
    inputElement:
      (zeebe ? stringProperty(zeebe, 'inputElement') : undefined) ?? stringProperty(loop, 'elementVariable'),
    outputCollection: zeebe ? stringProperty(zeebe, 'outputCollection') : undefined,
    outputElement: outputElement !== undefined ? classifyValue(outputElement) : undefined,
    completionCondition: formalExpression(loop, 'completionCondition'),
    behavior,
    behaviorEvent: behaviorEvent?.$type.endsWith('EventDefinition')
      ? compileEventDefinition(behaviorEvent)
      : undefined,
    complexBehavior: behavior === 'Complex' && complexBehavior.length > 0 ? complexBehavior : undefined,
  }) as MultiInstanceLoop;
}

/** Compensation handlers are linked to their activity by an association from its compensation boundary event. */
function compensationHandlerByActivity(index: ModelIndex): Map<string, string> {
  const handlers = new Map<string, string>();
  for (const association of index.ofType('bpmn:Association')) {
    const source = elementProperty(association, 'sourceRef');
    const target = elementProperty(association, 'targetRef');
    if (!source || !target || source.$type !== 'bpmn:BoundaryEvent') continue;
    const compensates = elementList(source, 'eventDefinitions').some(
      (d) => d.$type === 'bpmn:CompensateEventDefinition',
    );
    const activity = elementProperty(source, 'attachedToRef')?.id;
    if (compensates && activity !== undefined && target.id !== undefined) handlers.set(activity, target.id);
  }
  return handlers;
}

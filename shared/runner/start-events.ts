/**
 * The start events the runner itself triggers: the timer start events of a process without a none start
 * event (due from the run's clock; a cycle starts an instance at every occurrence), the signal start
 * events every broadcast signal reaches, where a message that no instance waits for starts a process, and the
 * conditional start events whose condition holds over the variables a process is launched with.
 */
import type { EventDefinition, FlowNode, ProcessGraph } from '../bpmn/graph.js';
import type { Variables } from '../engine/state.js';
import { evaluateExpression } from '../expressions/evaluate-expression.js';
import { addDuration, parseCycle, parseDateTime, parseDuration, type Duration } from '../time/iso8601.js';

export interface StartTimer {
  readonly graph: ProcessGraph;
  readonly startEvent: string;
  readonly due: string;
  /** A cycle: the interval, when bounded how many more starts follow this one, and its end date if any. */
  readonly cycle?: { readonly every: Duration; readonly remaining?: number; readonly until?: string };
}

/** The process's top-level start events whose first event definition is of `kind`. */
function startEventsOf(graph: ProcessGraph, matches: (definition: EventDefinition) => boolean): string[] {
  return graph.children.filter((id) => {
    const node = graph.nodes[id];
    const definition = node?.eventDefinitions?.[0];
    return node?.type === 'bpmn:StartEvent' && definition !== undefined && matches(definition);
  });
}

/** Whether `node` is an alternative of an instantiating event-based gateway (the process starts there). */
function followsInstantiatingGateway(graph: ProcessGraph, node: FlowNode): boolean {
  return node.incoming.some((flow) => {
    const source = graph.flows[flow]?.source;
    const gateway = source !== undefined ? graph.nodes[source] : undefined;
    return gateway?.type === 'bpmn:EventBasedGateway' && gateway.instantiate === true;
  });
}

/**
 * The message that starts the process at `node`: a message start event, an instantiating receive task, or a
 * message catch after an instantiating event-based gateway.
 */
function startingMessage(graph: ProcessGraph, node: FlowNode | undefined): string | undefined {
  if (node?.type === 'bpmn:ReceiveTask')
    return node.instantiate === true || followsInstantiatingGateway(graph, node)
      ? node.message?.messageName
      : undefined;
  const definition = node?.eventDefinitions?.[0];
  if (!node || definition?.kind !== 'message') return undefined;
  const starts = node.type === 'bpmn:StartEvent' || followsInstantiatingGateway(graph, node);
  return starts ? definition.messageName : undefined;
}

export function messageStartEvent(graph: ProcessGraph, messageName: string): string | undefined {
  return graph.children.find((id) => startingMessage(graph, graph.nodes[id]) === messageName);
}

export function hasMessageStart(graph: ProcessGraph): boolean {
  return graph.children.some((id) => startingMessage(graph, graph.nodes[id]) !== undefined);
}

/**
 * The conditional start events of `graph` whose condition holds over `variables` (evaluated once, when the
 * run launches the process; a condition that fails to evaluate or is not true does not start it).
 */
export function conditionalStarts(graph: ProcessGraph, variables: Variables, now: string): string[] {
  return startEventsOf(graph, (definition) => {
    if (definition.kind !== 'conditional' || !definition.condition) return false;
    const outcome = evaluateExpression(definition.condition, variables, now);
    return outcome.ok && outcome.value === true;
  });
}

export function hasConditionalStart(graph: ProcessGraph): boolean {
  return startEventsOf(graph, (definition) => definition.kind === 'conditional').length > 0;
}

export function signalStartEvents(graph: ProcessGraph, signalName: string): string[] {
  return startEventsOf(
    graph,
    (definition) => definition.kind === 'signal' && definition.signalName === signalName,
  );
}

export function hasTimerStart(graph: ProcessGraph): boolean {
  return startEventsOf(graph, (definition) => definition.kind === 'timer').length > 0;
}

/** When each timer start event of `graph` first fires; throws an Error naming one whose value is unusable. */
export function timerStarts(graph: ProcessGraph, now: string): StartTimer[] {
  return startEventsOf(graph, (definition) => definition.kind === 'timer').map((startEvent) => {
    const definition = graph.nodes[startEvent]?.eventDefinitions?.[0];
    const timer = definition?.kind === 'timer' ? firstDue(definition, now) : undefined;
    if (!timer) {
      throw new Error(
        `the timer start event ${startEvent} of process "${graph.processId}" has no usable time`,
      );
    }
    return { graph, startEvent, ...timer };
  });
}

function firstDue(
  definition: Extract<EventDefinition, { kind: 'timer' }>,
  now: string,
): Pick<StartTimer, 'due' | 'cycle'> | undefined {
  const expression = definition.timeDate ?? definition.timeDuration ?? definition.timeCycle;
  const outcome = expression ? evaluateExpression(expression, {}, now) : undefined;
  const text = outcome?.ok && typeof outcome.value === 'string' ? outcome.value : undefined;
  if (text === undefined) return undefined;
  const iso = (ms: number) => new Date(ms).toISOString();
  if (definition.timeDate) {
    const date = parseDateTime(text);
    return date ? { due: iso(date.epochMs) } : undefined;
  }
  if (definition.timeDuration) {
    const duration = parseDuration(text);
    return duration ? { due: iso(addDuration(Date.parse(now), duration)) } : undefined;
  }
  const cycle = parseCycle(text);
  if (!cycle || cycle.repetitions === 0) return undefined;
  const due = cycle.start ? iso(cycle.start.epochMs) : iso(addDuration(Date.parse(now), cycle.duration));
  const until = cycle.end ? iso(cycle.end.epochMs) : undefined;
  if (until !== undefined && due > until) return undefined;
  const remaining = cycle.repetitions === undefined ? {} : { remaining: cycle.repetitions - 1 };
  const end = until !== undefined ? { until } : {};
  return { due, cycle: { every: cycle.duration, ...remaining, ...end } };
}

/** The next occurrence of a cycle after `timer` fired, if any. */
export function nextStart(timer: StartTimer): StartTimer | undefined {
  const cycle = timer.cycle;
  if (!cycle || cycle.remaining === 0) return undefined;
  const due = new Date(addDuration(Date.parse(timer.due), cycle.every)).toISOString();
  if (cycle.until !== undefined && due > cycle.until) return undefined;
  const remaining = cycle.remaining === undefined ? {} : { remaining: cycle.remaining - 1 };
  return { ...timer, due, cycle: { ...cycle, ...remaining } };
}

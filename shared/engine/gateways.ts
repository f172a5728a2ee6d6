/**
 * Which outgoing sequence flows a token takes when it leaves a node, and when converging gateways fire.
 * Exclusive: the first true flow in document order, else the default. Inclusive: every true flow, else the
 * default. Parallel: all. Any other node: unconditional flows plus true conditional flows, the default only
 * when no conditional flow is true. No flow at all when some were possible is an incident.
 */
import type { FlowNode, SequenceFlow } from '../bpmn/graph.js';
import { boundaryEventsOf } from './boundaries.js';
import type { Execution } from './execution.js';
import type { Join, Variables } from './state.js';

export type FlowChoice =
  | { readonly ok: true; readonly flows: readonly SequenceFlow[] }
  | { readonly ok: false; readonly code: string; readonly message: string };

type ConditionResult = { readonly ok: true; readonly value: boolean } | Extract<FlowChoice, { ok: false }>;

function conditionHolds(x: Execution, flow: SequenceFlow, variables: Variables): ConditionResult {
  if (!flow.condition) return { ok: true, value: true };
  const outcome = x.evaluate(flow.condition, variables);
  if (!outcome.ok) return { ok: false, code: 'expression-failed', message: `${flow.id}: ${outcome.message}` };
  // A missing variable makes FEEL answer null: the condition does not hold.
  if (outcome.value === null || typeof outcome.value === 'boolean')
    return { ok: true, value: outcome.value === true };
  return {
    ok: false,
    code: 'condition-not-boolean',
    message: `The condition of ${flow.id} gave ${JSON.stringify(outcome.value)}, not a boolean.`,
  };
}

export function chooseFlows(x: Execution, node: FlowNode, variables: Variables): FlowChoice {
  const outgoing = x
    .outgoing(node.id)
    .map((id) => x.graph.flows[id])
    .filter((flow) => flow !== undefined);
  if (node.type === 'bpmn:ParallelGateway') return { ok: true, flows: outgoing };
  const defaultFlow = outgoing.find((flow) => flow.id === node.defaultFlow);
  const exclusive = node.type === 'bpmn:ExclusiveGateway';
  // A diverging complex gateway chooses like an inclusive one.
  const gateway = exclusive || node.type === 'bpmn:InclusiveGateway' || node.type === 'bpmn:ComplexGateway';
  const taken: SequenceFlow[] = [];
  let conditionalTaken = false;
  for (const flow of outgoing) {
    if (flow === defaultFlow) continue;
    const holds = conditionHolds(x, flow, variables);
    if (!holds.ok) return holds;
    if (!holds.value) continue;
    taken.push(flow);
    if (flow.condition) conditionalTaken = true;
    if (exclusive) break;
  }
  const useDefault = defaultFlow && (gateway ? taken.length === 0 : !conditionalTaken);
  if (useDefault) taken.push(defaultFlow);
  if (taken.length === 0 && outgoing.length > 0) {
    return {
      ok: false,
      code: 'no-flow-taken',
      message: `No outgoing sequence flow of ${node.id} has a true condition and there is no default flow.`,
    };
  }
  return { ok: true, flows: taken };
}

/**
 * Converging parallel and inclusive gateways wait for tokens, and so does an activity whose start
 * quantity is above 1; every other node merges uncontrolled.
 */
const joinTypes = new Set(['bpmn:ParallelGateway', 'bpmn:InclusiveGateway', 'bpmn:ComplexGateway']);

export function isJoin(x: Execution, node: FlowNode): boolean {
  if ((node.startQuantity ?? 1) > 1) return true;
  return x.incoming(node.id).length > 1 && joinTypes.has(node.type);
}

function missingFlows(x: Execution, join: Join): string[] {
  return x.incoming(join.gateway).filter((flow) => !join.arrivals.some((arrival) => arrival.flow === flow));
}

/**
 * A parallel join fires when every incoming flow has a token. An inclusive join fires when it has a token
 * and no token elsewhere in its scope can still reach one of its empty incoming flows. An activity with a
 * start quantity starts once that many tokens have arrived, over any of its flows.
 */
export function joinCanFire(x: Execution, join: Join): boolean {
  const node = x.node(join.gateway);
  if (node.type === 'bpmn:ComplexGateway') return complexJoinCanFire(x, join, node);
  if (join.arrivals.length === 0) return false;
  const startQuantity = node.startQuantity ?? 1;
  if (startQuantity > 1) return join.arrivals.length >= startQuantity;
  const missing = missingFlows(x, join);
  if (missing.length === 0) return true;
  if (node.type !== 'bpmn:InclusiveGateway') return false;
  return !tokensCanArrive(x, join, missing);
}

/**
 * A converging complex gateway fires when its activation condition holds (over the variables and
 * `activationCount`, the tokens waiting at it; a condition that fails to evaluate does not hold) or,
 * without one, when no more tokens can arrive (as an inclusive join). Having fired, it absorbs the tokens
 * of the same wave and resets once no more can arrive; `fireJoin` then drops the join.
 */
function complexJoinCanFire(x: Execution, join: Join, node: FlowNode): boolean {
  const incoming = x.incoming(join.gateway);
  if (join.fired) return !tokensCanArrive(x, join, incoming);
  if (join.arrivals.length === 0) return false;
  if (!node.activationCondition) return !tokensCanArrive(x, join, incoming);
  const variables = { ...x.variablesIn(join.scope), activationCount: join.arrivals.length };
  const outcome = x.evaluate(node.activationCondition, variables);
  return outcome.ok && outcome.value === true;
}

/** Whether a token elsewhere in the join's scope can still reach one of `flows` (not through the join). */
function tokensCanArrive(x: Execution, join: Join, flows: readonly string[]): boolean {
  const sources = new Set(flows.map((flow) => x.graph.flows[flow]?.source));
  const positions = [
    ...Object.values(x.state.elementInstances)
      .filter((instance) => instance.scope === join.scope)
      .map((instance) => instance.element),
    ...Object.values(x.state.joins)
      .filter((other) => other !== join && other.scope === join.scope && other.arrivals.length > 0)
      .map((other) => other.gateway),
    ...x.arrivals.filter((arrival) => arrival.scope === join.scope).map((arrival) => arrival.node),
  ];
  return positions.some((position) => canReach(x, position, sources, join.gateway));
}

/**
 * Whether a token at `start` can reach one of `targets` without passing through `gateway`, over sequence
 * flows and boundary events.
 */
function canReach(
  x: Execution,
  start: string,
  targets: ReadonlySet<string | undefined>,
  gateway: string,
): boolean {
  const seen = new Set<string>();
  const pending = [start];
  while (pending.length > 0) {
    const current = pending.pop() as string;
    if (seen.has(current) || current === gateway) continue;
    seen.add(current);
    if (targets.has(current)) return true;
    for (const flow of x.outgoing(current)) {
      const target = x.graph.flows[flow]?.target;
      if (target !== undefined) pending.push(target);
    }
    // A token in an activity may also leave through one of its boundary events.
    for (const boundary of boundaryEventsOf(x.graph, current)) pending.push(boundary.id);
  }
  return false;
}

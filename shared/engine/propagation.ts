/**
 * BPMN errors and escalations travel up the scope tree to the first catcher: a boundary event of the
 * activity that threw (for a job's error), then an event sub-process of the scope, then a boundary event of
 * the sub-process that scope runs in, and so on up to the process. At each level a catcher naming the code
 * wins over one without a code (a catch-all). An error nothing catches fails the instance; an escalation
 * nothing catches lets the thrower continue.
 */
import type { FlowNode } from '../bpmn/graph.js';
import { catchingBoundary, codeOf, triggerBoundary } from './boundaries.js';
import type { Execution } from './execution.js';
import { createInstance, leave } from './flow.js';
import { openScope, terminateScopeContents } from './scopes.js';
import type { ElementInstance, Scope, Variables } from './state.js';

export type Catcher =
  | { readonly kind: 'boundary'; readonly activity: ElementInstance; readonly event: FlowNode }
  | { readonly kind: 'eventSubProcess'; readonly scope: Scope; readonly event: FlowNode };

type Thrown = 'error' | 'escalation';

/** The catcher of `code` thrown in `scope` (by `activity` itself when an activity threw it), if any. */
export function findCatcher(
  x: Execution,
  from: { readonly activity?: ElementInstance; readonly scope: string },
  kind: Thrown,
  code: string,
): Catcher | undefined {
  let activity = from.activity;
  let scopeId: string | undefined = from.scope;
  while (scopeId !== undefined) {
    if (activity) {
      const event = catchingBoundary(x, activity.element, kind, code);
      if (event) return { kind: 'boundary', activity, event };
    }
    const scope: Scope | undefined = x.state.scopes[scopeId];
    if (!scope) return undefined;
    const event = catchingEventSubProcessStart(x, scope.element, kind, code);
    if (event) return { kind: 'eventSubProcess', scope, event };
    if (scope.instance === undefined) return undefined;
    activity = x.state.elementInstances[scope.instance];
    scopeId = activity?.scope;
  }
  return undefined;
}

export function interrupts(catcher: Catcher): boolean {
  return catcher.kind === 'boundary'
    ? catcher.event.cancelActivity !== false
    : catcher.event.interrupting !== false;
}

export function triggerCatcher(x: Execution, catcher: Catcher, variables: Variables | undefined): void {
  if (catcher.kind === 'boundary') return triggerBoundary(x, catcher.activity, catcher.event, variables);
  startEventSubProcess(x, catcher.scope, catcher.event, variables);
}

/**
 * Starts the event sub-process of `start` inside `scope`: an interrupting start first terminates everything
 * else running in the scope. The event sub-process runs in a scope of its own, from `start`.
 */
export function startEventSubProcess(
  x: Execution,
  scope: Scope,
  start: FlowNode,
  variables: Variables | undefined,
): void {
  if (start.interrupting !== false) terminateScopeContents(x, scope.id, 'terminated');
  const instance = createInstance(x, scope.id, start.scope);
  const inner = openScope(x, instance, start.scope);
  const started = createInstance(x, inner.id, start.id);
  started.result = { ...(variables ?? {}) };
  leave(x, started);
}

/** The start event of an event sub-process directly inside `container` that catches `code`. */
function catchingEventSubProcessStart(
  x: Execution,
  container: string,
  kind: Thrown,
  code: string,
): FlowNode | undefined {
  const children =
    container === x.graph.processId ? x.graph.children : (x.graph.nodes[container]?.children ?? []);
  const starts: FlowNode[] = [];
  for (const child of children) {
    const node = x.graph.nodes[child];
    if (node?.triggeredByEvent !== true) continue;
    for (const id of node.children ?? []) {
      const start = x.graph.nodes[id];
      if (start?.type === 'bpmn:StartEvent' && start.eventDefinitions?.[0]?.kind === kind) starts.push(start);
    }
  }
  return (
    starts.find((start) => codeOf(start.eventDefinitions?.[0]) === code) ??
    starts.find((start) => codeOf(start.eventDefinitions?.[0]) === undefined)
  );
}

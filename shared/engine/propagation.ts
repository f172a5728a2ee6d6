/**
 * BPMN errors and escalations travel up the scope tree to the first catcher: a boundary event of the
 * activity that threw (for a job's error), then an event sub-process of the scope, then a boundary event of
 * the sub-process that scope runs in, and so on up to the process (an event sub-process's own throws skip
 * the event sub-processes beside it). At each level a catcher naming the code wins over one without a code
 * (a catch-all). An error nothing catches fails the instance; an escalation
 * nothing catches lets the thrower continue.
 */
import type { FlowNode } from '../bpmn/graph.js';
import { catchingBoundary, codeOf, triggerBoundary } from './boundaries.js';
import type { Execution } from './execution.js';
import { eventSubProcessStarts, startEventSubProcess } from './event-sub-processes.js';
import { isMultiInstanceBody, isMultiInstanceInstance } from './multi-instance.js';
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
  let pastEventSubProcess = false;
  while (scopeId !== undefined) {
    // One instance of a multi-instance activity has no boundary events: its body has them.
    if (activity && !isMultiInstanceInstance(x, activity)) {
      const event = catchingBoundary(x, activity.element, kind, code);
      if (event) return { kind: 'boundary', activity, event };
    }
    const scope: Scope | undefined = x.state.scopes[scopeId];
    if (!scope) return undefined;
    // What an event sub-process throws goes past its siblings (else it could start itself again, for ever);
    // a multi-instance body's scope has no event sub-processes (each instance's sub-process scope has).
    const owner: ElementInstance | undefined =
      scope.instance !== undefined ? x.state.elementInstances[scope.instance] : undefined;
    const event =
      pastEventSubProcess || (owner && isMultiInstanceBody(x, owner))
        ? undefined
        : catchingEventSubProcessStart(x, scope.element, kind, code);
    if (event) return { kind: 'eventSubProcess', scope, event };
    if (scope.instance === undefined) return undefined;
    activity = owner;
    pastEventSubProcess =
      activity !== undefined && x.graph.nodes[activity.element]?.triggeredByEvent === true;
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

/** The start event of an event sub-process directly inside `container` that catches `code`. */
function catchingEventSubProcessStart(
  x: Execution,
  container: string,
  kind: Thrown,
  code: string,
): FlowNode | undefined {
  const starts = eventSubProcessStarts(x, container).filter(
    (start) => start.eventDefinitions?.[0]?.kind === kind,
  );
  return (
    starts.find((start) => codeOf(start.eventDefinitions?.[0]) === code) ??
    starts.find((start) => codeOf(start.eventDefinitions?.[0]) === undefined)
  );
}

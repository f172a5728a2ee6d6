/**
 * The engine state of one process instance: plain JSON, so `JSON.parse(JSON.stringify(state))` is the same
 * state. Scopes form a tree (the process is the root; sub-processes, event sub-processes and multi-instance
 * bodies add children), tokens and element instances carry ids drawn from one counter, so the same
 * events always give the same ids. Documented in docs/engine.md.
 */
import type { JsonValue } from '../expressions/json-value.js';
import type { Duration } from '../time/iso8601.js';

export const engineStateFormat = 'caseflow.engine-state/1';

export type Variables = Record<string, JsonValue>;

export type InstanceStatus = 'active' | 'completed' | 'terminated' | 'failed';

export interface Scope {
  readonly id: string;
  /** The process or sub-process element this scope runs. */
  readonly element: string;
  readonly parent?: string;
  /** The sub-process element instance this scope is the inside of (absent for the process scope). */
  readonly instance?: string;
  /** Local variables: the sub-process's input mappings (a write goes to the innermost scope that has it). */
  variables: Variables;
  /** The timer, message and signal start events of the event sub-processes of this scope, while it runs. */
  triggers?: EventTrigger[];
  /** Completed activities with a compensation handler, in the order they completed. */
  compensable?: CompensableActivity[];
  /** Compensations running in this scope: their handlers run one after another, last completed first. */
  compensating?: CompensationRun[];
}

export interface CompensationRun {
  /** The handler instance running now. */
  running: string;
  /** The records whose handlers start next, in this order. */
  pending: CompensableActivity[];
  /** A compensation throw (`waitForCompletion`) that leaves once the last handler has ended. */
  readonly thrower?: string;
}

export interface CompensableActivity {
  readonly activity: string;
  readonly handler: string;
  /** The variables the activity saw when it completed: its handler sees them (as its locals). */
  readonly variables: Variables;
  /** A sub-process compensated by its compensation event sub-process: the records completed inside it. */
  readonly inner?: readonly CompensableActivity[];
}

/** A catch that waits for an event: timer, message, signal or condition. */
export type EventWait =
  | {
      readonly kind: 'timer';
      readonly timer: string;
      readonly due: string;
      /**
       * A timer cycle: the interval, when bounded how many more times it fires after this one, and the
       * instant after which it no longer fires (a cycle with an end date).
       */
      readonly cycle?: { readonly every: Duration; readonly remaining?: number; readonly until?: string };
    }
  | { readonly kind: 'message'; readonly messageName: string; readonly correlationKey?: string }
  | { readonly kind: 'signal'; readonly signalName: string }
  /** A conditional event: `holds` records that its condition was true when last evaluated. */
  | { readonly kind: 'conditional'; readonly holds?: true };

/**
 * A catch event that an element instance waits for besides its own work: one alternative of an event-based
 * gateway, or a boundary event of an activity. `target` is the catch event that happens when `wait` fires.
 */
export interface EventTrigger {
  readonly target: string;
  readonly wait: EventWait;
}

/** What an element instance is waiting for outside the engine. */
export type Wait =
  | { readonly kind: 'job'; readonly jobType: string }
  | { readonly kind: 'userTask' }
  | EventWait
  | { readonly kind: 'eventGateway'; readonly triggers: readonly EventTrigger[] }
  /** A call activity waits for the process it started to end. */
  | { readonly kind: 'call'; readonly processId: string };

/**
 * The body of a multi-instance activity: how many instances it has, how many ended, the next index a
 * sequential body starts, and the input collection (evaluated once, when the body was entered).
 */
export interface MultiInstanceBody {
  readonly total: number;
  completed: number;
  next: number;
  readonly items?: JsonValue[];
}

/** A flow node being executed by one token; removed when the node ends. */
export interface ElementInstance {
  readonly id: string;
  readonly element: string;
  readonly scope: string;
  /** `waiting` for an outside event, `incident` until an incident is resolved. */
  status: 'waiting' | 'incident';
  wait?: Wait;
  /** Local variables from input mappings. */
  variables?: Variables;
  /** Variables the element produced (job or task result, script result, message payload). */
  result?: Variables;
  /** Sub-processes: the scope their inside runs in. */
  innerScope?: string;
  /** Timer, message and signal boundary events attached to this activity, while it runs. */
  boundaries?: EventTrigger[];
  /**
   * 0-based: the index of one instance of a multi-instance activity (it runs in its body's scope), or the
   * iteration a standard loop is in.
   */
  iteration?: number;
  /** The body of a multi-instance activity: its instances run in its `innerScope`. */
  multiInstance?: MultiInstanceBody;
  /**
   * A completed sub-process with a compensation event sub-process: what completed inside it, kept for that
   * event sub-process (and, once it runs, the records its scope opens with).
   */
  compensable?: CompensableActivity[];
  /** A transaction being cancelled: once its compensation handlers ended, its cancel boundary event fires. */
  cancelled?: true;
  /** A sequential ad-hoc sub-process: the flow nodes inside still to start, in order. */
  adHocPending?: string[];
}

/** A token parked at a converging parallel or inclusive gateway until the join fires. */
export interface JoinArrival {
  readonly token: string;
  readonly flow: string;
}

export interface Join {
  readonly gateway: string;
  readonly scope: string;
  arrivals: JoinArrival[];
  /** A complex gateway that fired: it absorbs the rest of the wave until no more tokens can arrive. */
  fired?: true;
}

/**
 * Which step an incident stopped, so resolving it retries exactly that step. `subscribe`: subscribing the
 * event sub-process start events of a scope.
 */
export type RetryStep = 'enter' | 'leave' | 'job' | 'subscribe';

export interface Incident {
  readonly id: string;
  /** The element instance that stopped, or for `subscribe` the scope. */
  readonly elementInstance: string;
  readonly element: string;
  readonly code: string;
  readonly message: string;
  readonly retry: RetryStep;
}

export interface EngineState {
  readonly format: typeof engineStateFormat;
  readonly processId: string;
  readonly graphHash: string;
  status: InstanceStatus;
  /** Next id number; ids are `<prefix><number>` (t: token, e: element instance, s: scope, ...). */
  nextId: number;
  rootScope: string;
  scopes: Record<string, Scope>;
  elementInstances: Record<string, ElementInstance>;
  /** Keyed by `<scope>/<gateway>`. */
  joins: Record<string, Join>;
  incidents: Record<string, Incident>;
  /** The uncaught BPMN error that failed the instance. */
  error?: { readonly code: string; readonly message?: string };
}

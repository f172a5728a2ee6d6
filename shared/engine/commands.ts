/** What must happen outside the engine after an event, and the record of flow nodes that ended. */
import type { JobDefinition } from '../bpmn/graph.js';
import type { InstanceStatus, Variables } from './state.js';

export type EngineCommand =
  | {
      readonly kind: 'createUserTask';
      readonly elementInstance: string;
      readonly element: string;
      readonly name?: string;
      readonly formKey?: string;
      /** Evaluated from the model's assignment and schedule when the task is created. */
      readonly assignment?: UserTaskAssignment;
    }
  | {
      readonly kind: 'runJob';
      readonly elementInstance: string;
      readonly element: string;
      readonly jobType: string;
      readonly retries?: number;
      readonly headers: JobDefinition['headers'];
      readonly variables: Variables;
    }
  /** Withdraw a user task or job whose element instance was terminated. */
  | { readonly kind: 'cancelWork'; readonly elementInstance: string; readonly element: string }
  | { readonly kind: 'startTimer'; readonly timer: string; readonly element: string; readonly due: string }
  | { readonly kind: 'cancelTimer'; readonly timer: string }
  | {
      readonly kind: 'subscribeMessage';
      readonly elementInstance: string;
      readonly messageName: string;
      readonly correlationKey?: string;
    }
  | { readonly kind: 'unsubscribeMessage'; readonly elementInstance: string; readonly messageName: string }
  | { readonly kind: 'subscribeSignal'; readonly elementInstance: string; readonly signalName: string }
  | { readonly kind: 'unsubscribeSignal'; readonly elementInstance: string; readonly signalName: string }
  /** A message thrown by the model (message throw/end events, send tasks without a job). */
  | {
      readonly kind: 'publishMessage';
      readonly element: string;
      readonly messageName: string;
      readonly correlationKey?: string;
      readonly variables: Variables;
    }
  | { readonly kind: 'broadcastSignal'; readonly element: string; readonly signalName: string }
  | {
      readonly kind: 'raiseIncident';
      readonly incident: string;
      readonly element: string;
      readonly code: string;
      readonly message: string;
    }
  | { readonly kind: 'resolveIncident'; readonly incident: string }
  /** A call activity starts the called process; `callCompleted`/`callError`/`callFailed` answer it. */
  | {
      readonly kind: 'startCall';
      readonly elementInstance: string;
      readonly element: string;
      readonly processId: string;
      readonly variables: Variables;
    }
  /** The call activity ended early: cancel the process it started. */
  | { readonly kind: 'cancelCall'; readonly elementInstance: string; readonly element: string }
  /** The instance ended: completed, terminated or failed (uncaught BPMN error). */
  | {
      readonly kind: 'end';
      readonly status: Exclude<InstanceStatus, 'active'>;
      readonly error?: { readonly code: string; readonly message?: string };
    };

/** One flow node instance that ended, in the order they ended. */
export interface EndedElement {
  readonly element: string;
  readonly type: string;
  readonly name?: string;
  readonly event: 'completed' | 'terminated' | 'cancelled';
  /** One instance of a multi-instance activity (its index) or a standard loop's iteration, 0-based. */
  readonly instance?: number;
  readonly multiInstanceBody?: true;
  readonly at: string;
}

/**
 * Who may work a user task and when it is due, as the model says (Camunda 7 and 8 forms; FEEL allowed),
 * evaluated by `user-task-assignment.ts` when the task is created. A field the model does not set, or whose
 * value is null or empty, is absent; docs/engine.md "User task assignment".
 */
export interface UserTaskAssignment {
  readonly assignee?: string;
  readonly candidateUsers?: readonly string[];
  readonly candidateGroups?: readonly string[];
  /** ISO 8601 instants. */
  readonly dueDate?: string;
  readonly followUpDate?: string;
  readonly priority?: number;
}

/** Every command kind, once: the compiler refuses this record when a kind is added or removed. */
const commandKindRecord: Record<EngineCommand['kind'], true> = {
  createUserTask: true,
  runJob: true,
  cancelWork: true,
  startTimer: true,
  cancelTimer: true,
  subscribeMessage: true,
  unsubscribeMessage: true,
  subscribeSignal: true,
  unsubscribeSignal: true,
  publishMessage: true,
  broadcastSignal: true,
  raiseIncident: true,
  resolveIncident: true,
  startCall: true,
  cancelCall: true,
  end: true,
};

/** The kinds of `EngineCommand`, for checks that every kind is handled (e.g. by a performer). */
export const engineCommandKinds = Object.keys(commandKindRecord) as readonly EngineCommand['kind'][];

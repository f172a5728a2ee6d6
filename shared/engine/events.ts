/** What happened outside the engine. Events naming something the engine no longer waits for are ignored. */
import type { Variables } from './state.js';

export type EngineEvent =
  | { readonly type: 'start'; readonly variables?: Variables; readonly startEvent?: string }
  | { readonly type: 'jobCompleted'; readonly elementInstance: string; readonly variables?: Variables }
  | { readonly type: 'jobFailed'; readonly elementInstance: string; readonly message: string }
  | {
      readonly type: 'jobError';
      readonly elementInstance: string;
      readonly code: string;
      readonly message?: string;
    }
  | { readonly type: 'userTaskCompleted'; readonly elementInstance: string; readonly variables?: Variables }
  | { readonly type: 'timerFired'; readonly timer: string }
  | {
      readonly type: 'messageReceived';
      readonly messageName: string;
      readonly correlationKey?: string;
      readonly variables?: Variables;
    }
  | { readonly type: 'signalReceived'; readonly signalName: string; readonly variables?: Variables }
  /** The process a call activity started completed (its variables) or ended by an uncaught BPMN error. */
  | { readonly type: 'callCompleted'; readonly elementInstance: string; readonly variables?: Variables }
  | {
      readonly type: 'callError';
      readonly elementInstance: string;
      readonly code: string;
      readonly message?: string;
    }
  /** The called process could not be started (e.g. no such process): an incident that retries the call. */
  | { readonly type: 'callFailed'; readonly elementInstance: string; readonly message: string }
  | { readonly type: 'incidentResolved'; readonly incident: string; readonly variables?: Variables }
  | { readonly type: 'cancel' };

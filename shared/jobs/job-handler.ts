/**
 * A built-in job handler (connectors, email, AI: later issues) does the work of one job type inside the app.
 * Throwing is a technical failure (retried with back-off, then an incident); a BPMN error is an outcome.
 */
import type { Variables } from '../engine/index.js';
import type { JobDocument } from './job-document.js';

export type JobOutcome =
  | { readonly kind: 'complete'; readonly variables?: Variables }
  | { readonly kind: 'bpmnError'; readonly code: string; readonly message?: string };

export interface JobHandler {
  readonly jobType: string;
  handle(job: JobDocument): Promise<JobOutcome>;
}

/** The handlers by job type; a type without one is left to external workers. */
export class JobHandlerRegistry {
  readonly #byType = new Map<string, JobHandler>();

  constructor(handlers: readonly JobHandler[]) {
    for (const handler of handlers) {
      if (this.#byType.has(handler.jobType)) throw new Error(`Two job handlers for type ${handler.jobType}.`);
      this.#byType.set(handler.jobType, handler);
    }
  }

  handlerFor(jobType: string): JobHandler | undefined {
    return this.#byType.get(jobType);
  }
}

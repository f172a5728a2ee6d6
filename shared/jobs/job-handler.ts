/**
 * A built-in job handler (connectors, email, AI) does the work of one job type, or of every type under a
 * prefix (`connector:` serves `connector:<connector>.<operation>`), inside the app. Throwing is a technical
 * failure (retried with back-off, then an incident; a `JobFailure` that is not retryable goes straight to
 * the incident); a BPMN error is an outcome.
 */
import type { Variables } from '../engine/index.js';
import type { JobDocument } from './job-document.js';

export type JobOutcome =
  | { readonly kind: 'complete'; readonly variables?: Variables }
  | { readonly kind: 'bpmnError'; readonly code: string; readonly message?: string };

export interface JobHandler {
  /** The job type, or with `match: 'prefix'` the start every type it serves has. */
  readonly jobType: string;
  readonly match?: 'exact' | 'prefix';
  handle(job: JobDocument): Promise<JobOutcome>;
}

/** The handlers by job type; an exact type wins over a prefix, a longer prefix over a shorter one. */
export class JobHandlerRegistry {
  readonly #byType = new Map<string, JobHandler>();
  readonly #byPrefix: JobHandler[] = [];

  constructor(handlers: readonly JobHandler[]) {
    for (const handler of handlers) {
      const prefix = handler.match === 'prefix';
      const taken = prefix
        ? this.#byPrefix.some((other) => other.jobType === handler.jobType)
        : this.#byType.has(handler.jobType);
      if (taken) throw new Error(`Two job handlers for type ${handler.jobType}.`);
      if (prefix) this.#byPrefix.push(handler);
      else this.#byType.set(handler.jobType, handler);
    }
    this.#byPrefix.sort((a, b) => b.jobType.length - a.jobType.length);
  }

  handlerFor(jobType: string): JobHandler | undefined {
    return this.#byType.get(jobType) ?? this.#byPrefix.find((handler) => jobType.startsWith(handler.jobType));
  }
}

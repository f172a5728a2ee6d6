/** Messages between the cases benchmark and its client process (bench/cases-bench-client.ts). */
import type { Latency } from './latency.js';

/**
 * `prepare`: get the tokens and deploy the bench model on the host at `url`; `drive`: run one batch of cases
 * (the warm-up or the measured run). Each is answered once, in order.
 */
export type CasesClientRequest =
  | { readonly kind: 'prepare'; readonly url: string }
  | { readonly kind: 'drive'; readonly cases: number; readonly startsPerSecond: number };

export type CasesClientReply =
  | { readonly kind: 'prepared' }
  | { readonly kind: 'driven'; readonly figures: CasesRunFigures }
  | { readonly kind: 'failed'; readonly message: string };

/** What the client measures of one batch (see docs/benchmarks.md#cases). */
export interface CasesRunFigures {
  readonly cases: number;
  readonly startsPerSecond: number;
  /** From the first start request to the last case's `endedAt`. */
  readonly seconds: number;
  readonly casesPerSecond: number;
  /** Start request sent -> the check job fetched. */
  readonly startToJob: Latency;
  /** Check job completion sent -> the approve task seen in the inbox (the measure). */
  readonly jobToInbox: Latency;
  /** Approve task completion sent -> the book job fetched. */
  readonly taskToJob: Latency;
  /** Both hops from a completed task or job to the next one (jobToInbox and taskToJob together). */
  readonly taskToNextTask: Latency;
  /** Book job completion sent -> the case's `endedAt` (server clock, same machine). */
  readonly jobToCaseEnd: Latency;
  /** How long the API took to answer each kind of request. */
  readonly requests: {
    readonly start: Latency;
    readonly completeJob: Latency;
    readonly completeTask: Latency;
  };
}

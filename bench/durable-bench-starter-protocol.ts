/** Messages between the Durable benchmark and its client process (bench/durable-bench-starter.ts). */
export interface StarterRequest {
  url: string;
  orchestrator: string;
  ids: string[];
  /** Starts per second; 0 starts them all at once. */
  perSecond: number;
  input: number;
}

export type StarterReply = { kind: 'started'; startedMs: number } | { kind: 'failed'; message: string };

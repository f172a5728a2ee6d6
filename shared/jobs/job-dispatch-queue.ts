/** The `job-dispatch` Storage queue's message: a job a built-in handler should run. */
export interface JobDispatchMessage {
  readonly tenantId: string;
  readonly jobId: string;
}

export interface JobDispatchQueue {
  /** Sends the message, visible after `delaySeconds` (retry back-off). */
  send(message: JobDispatchMessage, delaySeconds?: number): Promise<void>;
}

/** The message from the queue's text; anything else is not ours to run. */
export function parseJobDispatchMessage(body: unknown): JobDispatchMessage | undefined {
  const message = body as Partial<JobDispatchMessage> | null;
  return typeof message?.tenantId === 'string' && typeof message.jobId === 'string'
    ? { tenantId: message.tenantId, jobId: message.jobId }
    : undefined;
}

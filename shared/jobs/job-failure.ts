/**
 * A built-in handler's technical failure, saying whether trying again can help: a server error or timeout
 * may pass, a request the target refuses or a broken template will not, so it raises the incident at once.
 * Its message reaches the job document and the incident, so it must never carry a secret.
 */
export class JobFailure extends Error {
  override readonly name = 'JobFailure';

  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

/**
 * The single error model: every failure Caseflow reports carries a stable, dotted `code`
 * (`<area>.<what>`, e.g. `config.missing-setting`) that clients and tests match on, a message for
 * people, and optional structured details. HTTP adapters map codes to problem+json responses.
 */
export class CaseflowError extends Error {
  override readonly name = 'CaseflowError';

  constructor(
    readonly code: string,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Normalises anything thrown into an Error, so callers never handle `unknown`. */
export function ensureError(thrown: unknown): Error {
  if (thrown instanceof Error) return thrown;
  return new Error(typeof thrown === 'string' ? thrown : JSON.stringify(thrown));
}

/**
 * The `wait` preference of a `Prefer` header (RFC 7240 4.3): how many seconds the client is willing to wait
 * for the answer. Other preferences are ignored; a `wait` that is not a whole number within the bounds is
 * a validation error naming the header.
 */
import { validationFailed } from './body.js';

export function preferredWaitSeconds(
  prefer: string | null,
  bounds: { readonly min: number; readonly max: number },
): number | undefined {
  if (prefer === null) return undefined;
  for (const preference of prefer.split(',')) {
    const [token = '', ...value] = (preference.split(';')[0] ?? '').split('=');
    if (token.trim().toLowerCase() !== 'wait') continue;
    const text = value
      .join('=')
      .trim()
      .replace(/^"(.*)"$/, '$1');
    const seconds = /^\d+$/.test(text) ? Number(text) : NaN;
    if (!(seconds >= bounds.min && seconds <= bounds.max)) {
      throw validationFailed([
        {
          field: 'Prefer',
          message: `wait must be a whole number of seconds from ${bounds.min} to ${bounds.max}`,
        },
      ]);
    }
    return seconds;
  }
  return undefined;
}

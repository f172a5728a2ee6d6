/**
 * Keeps secrets out of everything a connector call produces (job documents, incidents, logs, the test
 * endpoint): a `Redactor` knows the secret values of one call (and the forms they travel in: URL-encoded,
 * inside a Basic credential) and replaces them wherever they appear; headers that carry credentials are
 * masked by name whatever their value.
 */
import type { JsonValue } from '../expressions/json-value.js';

export const redacted = '***';

const credentialHeaderNames = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'api-key',
]);

export class Redactor {
  readonly #secrets: string[];
  readonly #headerNames: Set<string>;

  /** `headerNames`: further headers that carry credentials (a connector's API key header). */
  constructor(secrets: Iterable<string>, headerNames: Iterable<string> = []) {
    const forms = new Set<string>();
    for (const secret of secrets) {
      if (secret === '') continue;
      forms.add(secret);
      forms.add(encodeURIComponent(secret));
      forms.add(new URLSearchParams({ s: secret }).toString().slice(2));
    }
    // Longest first, so a secret containing another is replaced whole.
    this.#secrets = [...forms].sort((a, b) => b.length - a.length);
    this.#headerNames = new Set([...headerNames].map((name) => name.toLowerCase()));
  }

  /** A redactor that also knows `more` secrets. */
  with(...more: string[]): Redactor {
    return new Redactor([...this.#secrets, ...more], this.#headerNames);
  }

  text(value: string): string {
    let result = value;
    for (const secret of this.#secrets) result = result.split(secret).join(redacted);
    return result;
  }

  json(value: JsonValue): JsonValue {
    if (typeof value === 'string') return this.text(value);
    if (Array.isArray(value)) return value.map((item) => this.json(item));
    if (typeof value === 'object' && value !== null) {
      return Object.fromEntries(
        Object.entries(value).map(([key, item]) => [this.text(key), this.json(item)]),
      );
    }
    return value;
  }

  headers(headers: Readonly<Record<string, string>>): Record<string, string> {
    return Object.fromEntries(
      Object.entries(headers).map(([name, value]) => {
        const lower = name.toLowerCase();
        const masked = credentialHeaderNames.has(lower) || this.#headerNames.has(lower);
        return [name, masked ? redacted : this.text(value)];
      }),
    );
  }
}

/** The Basic credential as it travels, so a server echoing it back is caught too. */
export function basicCredential(username: string, password: string): string {
  return Buffer.from(`${username}:${password}`, 'utf8').toString('base64');
}

/**
 * Request bodies, read with a size limit before anything parses them: too large is 413, a media type the
 * operation does not take is 415, malformed JSON is 400. Pure over bytes, so the Functions adapter stays thin.
 */
import { CaseflowError } from '../errors/caseflow-error.js';

/** The media type without parameters, lower-cased (`Text/XML; charset=utf-8` -> `text/xml`). */
export function mediaType(contentType: string | null | undefined): string {
  return (contentType ?? '').split(';', 1)[0]!.trim().toLowerCase();
}

export function requireMediaType(contentType: string | null | undefined, accepted: readonly string[]): void {
  const type = mediaType(contentType);
  if (!accepted.includes(type)) {
    throw new CaseflowError(
      'http.unsupported-media-type',
      `Content type ${type === '' ? '(none)' : type} is not accepted; send ${accepted.join(' or ')}.`,
      { accepted },
    );
  }
}

/** Reads a body stream whole, stopping as soon as it exceeds `maxBytes`. */
export async function readLimitedBody(
  stream: AsyncIterable<Uint8Array> | null | undefined,
  declaredLength: string | null | undefined,
  maxBytes: number,
): Promise<Uint8Array> {
  const tooLarge = () =>
    new CaseflowError('http.body-too-large', `The request body exceeds ${maxBytes} bytes.`, { maxBytes });
  if (declaredLength != null && Number(declaredLength) > maxBytes) throw tooLarge();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of stream ?? []) {
    size += chunk.byteLength;
    if (size > maxBytes) throw tooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** Parses a JSON body; malformed JSON is a 400 with the parser's reason. */
export function parseJsonBody(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch (error) {
    throw new CaseflowError('http.invalid-json', 'The request body is not valid JSON.', {
      reason: (error as Error).message,
    });
  }
}

/** A validation error: 400 with one entry per problem, each naming the offending field. */
export function validationFailed(errors: readonly { field: string; message: string }[]): CaseflowError {
  return new CaseflowError('http.validation-failed', 'The request is invalid.', { errors });
}

/**
 * The file in a multipart/form-data body's `field` (bytes already read within the limit), parsed by the
 * platform's fetch implementation; a body without that file is a validation error.
 */
export async function multipartFile(
  bytes: Uint8Array,
  contentType: string,
  field: string,
): Promise<Uint8Array> {
  let form: FormData;
  try {
    form = await new Response(bytes, { headers: { 'content-type': contentType } }).formData();
  } catch {
    throw validationFailed([{ field, message: 'the multipart body cannot be read' }]);
  }
  const part = form.get(field);
  if (part === null || typeof part === 'string') {
    throw validationFailed([{ field, message: 'must be a file part' }]);
  }
  return new Uint8Array(await part.arrayBuffer());
}

/** The named string fields of a JSON object body; each missing or non-string one is reported (400). */
export function stringFields<K extends string>(body: unknown, names: readonly K[]): Record<K, string> {
  const object = (typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {}) as Record<
    string,
    unknown
  >;
  const invalid = names.filter((name) => typeof object[name] !== 'string');
  if (invalid.length > 0)
    throw validationFailed(invalid.map((field) => ({ field, message: 'must be a string' })));
  return Object.fromEntries(names.map((name) => [name, object[name]])) as Record<K, string>;
}

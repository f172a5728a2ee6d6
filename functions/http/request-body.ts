/** The request body as bytes, read with the size limit (413 beyond it). */
import type { HttpRequest } from '@azure/functions';
import { readLimitedBody } from '../../shared/http/body.js';

export function requestBytes(request: HttpRequest, maxBytes: number): Promise<Uint8Array> {
  return readLimitedBody(
    request.body as AsyncIterable<Uint8Array> | null,
    request.headers.get('content-length'),
    maxBytes,
  );
}

/**
 * Turns uploaded bytes into XML text the parser can be trusted with: enforces the size limit, decodes the
 * declared or detected encoding, refuses DTDs (so no entity can expand), bounds the nesting depth and
 * indexes where each element id stands so diagnostics can carry line and column.
 */
import { TextDecoder } from 'node:util';
import type { DiagnosticCode } from './diagnostic-codes.js';
import type { DiagnosticSink, SourcePosition } from './diagnostics.js';

export interface ImportLimits {
  /** Largest document accepted, in bytes. */
  readonly maxBytes: number;
  /** Deepest element nesting accepted. */
  readonly maxDepth: number;
  /** Most elements accepted: each costs the parser about a kilobyte of memory. */
  readonly maxElements: number;
  /** Most attributes accepted in the whole document (one Camunda test model has 10,000 on one element). */
  readonly maxAttributes: number;
  /** Parser problems reported before reading stops (each one costs a rescan of the document). */
  readonly maxProblems: number;
}

export const defaultImportLimits: ImportLimits = {
  maxBytes: 10 * 1024 * 1024,
  maxDepth: 256,
  maxElements: 100_000,
  maxAttributes: 500_000,
  maxProblems: 100,
};

export interface XmlSource {
  readonly text: string;
  readonly positionOf: (elementId: string) => SourcePosition | undefined;
}

export function readSource(
  input: Uint8Array | string,
  limits: ImportLimits,
  sink: DiagnosticSink,
): XmlSource | undefined {
  const size = typeof input === 'string' ? Buffer.byteLength(input, 'utf8') : input.byteLength;
  if (size > limits.maxBytes) {
    sink.report('xml.too-large', `The document has ${size} bytes; the limit is ${limits.maxBytes}.`);
    return undefined;
  }
  const decoded = typeof input === 'string' ? input.replace(/^\uFEFF/, '') : decode(input, sink);
  if (decoded === undefined) return undefined;
  const text = declareUtf8(decoded);
  const scan = scanMarkup(text, limits);
  if (scan.kind === 'refused') {
    sink.report(scan.code, scan.message, { position: scan.position });
    return undefined;
  }
  return { text, positionOf: (elementId) => scan.positions.get(elementId) };
}

const utf8 = 'utf-8';

function decode(bytes: Uint8Array, sink: DiagnosticSink): string | undefined {
  const encoding = detectEncoding(bytes);
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(encoding, { fatal: true });
  } catch {
    sink.report('xml.bad-encoding', `The declared encoding "${encoding}" is not supported.`);
    return undefined;
  }
  try {
    const text = decoder.decode(bytes);
    if (decoder.encoding !== utf8) {
      sink.report('xml.encoding-converted', `The document was decoded from ${decoder.encoding}.`);
    }
    return text;
  } catch {
    sink.report('xml.bad-encoding', `The bytes are not valid ${decoder.encoding}.`);
    return undefined;
  }
}

/**
 * Byte order mark first, then the byte pattern of `<?` (UTF-16 without a mark), then the XML declaration's
 * encoding, else UTF-8 (XML 1.0, appendix F). A declaration read from single-byte text cannot truly say
 * UTF-16 (exporters write it anyway), so such a document is read as UTF-8.
 */
function detectEncoding(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return utf8;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  if (bytes[0] === 0x3c && bytes[1] === 0x00 && bytes[2] === 0x3f && bytes[3] === 0x00) return 'utf-16le';
  if (bytes[0] === 0x00 && bytes[1] === 0x3c && bytes[2] === 0x00 && bytes[3] === 0x3f) return 'utf-16be';
  const head = Buffer.from(bytes.subarray(0, 256)).toString('latin1');
  const declared = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/
    .exec(head)?.[1]
    ?.toLowerCase();
  return declared === undefined || declared.startsWith('utf-16') ? utf8 : declared;
}

/** The parser only reads UTF-8 declarations; the text is already decoded, so say so. */
function declareUtf8(text: string): string {
  return text.replace(/^(\s*<\?xml[^>]*\bencoding\s*=\s*)(["'])[^"']*\2/, '$1"UTF-8"');
}

type ScanResult =
  | { kind: 'ok'; positions: Map<string, SourcePosition> }
  | { kind: 'refused'; code: DiagnosticCode; message: string; position: SourcePosition };

/**
 * One linear pass over the markup: DOCTYPE detection, element depth, element and attribute counts, and the
 * position of every `id` attribute. Malformed markup is left for the parser to report; this pass only needs
 * to never loop and to refuse what would make the parser run away in time or memory.
 */
function scanMarkup(text: string, limits: ImportLimits): ScanResult {
  const lines = new LineIndex(text);
  const positions = new Map<string, SourcePosition>();
  const refuse = (code: DiagnosticCode, message: string, at: number): ScanResult => ({
    kind: 'refused',
    code,
    message,
    position: lines.positionAt(at),
  });
  let depth = 0;
  let elements = 0;
  let attributes = 0;
  let cursor = text.indexOf('<');
  while (cursor !== -1 && cursor < text.length) {
    const next = text.charCodeAt(cursor + 1);
    let end: number;
    if (text.startsWith('<!--', cursor)) {
      end = endOf(text, '-->', cursor + 4);
    } else if (text.startsWith('<![CDATA[', cursor)) {
      end = endOf(text, ']]>', cursor + 9);
    } else if (next === 0x21 /* ! */) {
      return refuse(
        'xml.doctype-forbidden',
        'The document declares a DTD; Caseflow does not accept DTDs or entities.',
        cursor,
      );
    } else if (next === 0x3f /* ? */) {
      end = endOf(text, '?>', cursor + 2);
    } else if (next === 0x2f /* / */) {
      // Stray closing tags must not buy nesting depth for what follows.
      depth = Math.max(0, depth - 1);
      end = endOf(text, '>', cursor + 2);
    } else {
      const tag = startTag(text, cursor + 1);
      end = tag.end;
      elements += 1;
      if (elements > limits.maxElements) {
        return refuse(
          'xml.too-many-elements',
          `The document has more than ${limits.maxElements} elements.`,
          cursor,
        );
      }
      attributes += tag.attributes;
      if (attributes > limits.maxAttributes) {
        return refuse(
          'xml.too-many-attributes',
          `The document has more than ${limits.maxAttributes} attributes.`,
          cursor,
        );
      }
      if (text.charCodeAt(end - 2) !== 0x2f /* self-closing */) {
        depth += 1;
        if (depth > limits.maxDepth) {
          return refuse(
            'xml.too-deep',
            `Elements are nested more than ${limits.maxDepth} levels deep.`,
            cursor,
          );
        }
      }
      const id = idAttribute(text.slice(cursor, end));
      if (id !== undefined && !positions.has(id)) positions.set(id, lines.positionAt(cursor));
    }
    cursor = text.indexOf('<', end);
  }
  return { kind: 'ok', positions };
}

function endOf(text: string, terminator: string, from: number): number {
  const at = text.indexOf(terminator, from);
  return at === -1 ? text.length : at + terminator.length;
}

/** End of a start tag, skipping `>` inside quoted attribute values; each quoted value is one attribute. */
function startTag(text: string, from: number): { end: number; attributes: number } {
  let quote = 0;
  let attributes = 0;
  for (let index = from; index < text.length; index += 1) {
    const char = text.charCodeAt(index);
    if (quote !== 0) {
      if (char === quote) quote = 0;
    } else if (char === 0x22 || char === 0x27) {
      quote = char;
      attributes += 1;
    } else if (char === 0x3e /* > */) {
      return { end: index + 1, attributes };
    }
  }
  return { end: text.length, attributes };
}

function idAttribute(tag: string): string | undefined {
  return /\sid\s*=\s*(?:"([^"]*)"|'([^']*)')/
    .exec(tag)
    ?.slice(1)
    .find((value) => value !== undefined);
}

class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) {
      this.starts.push(index + 1);
    }
  }

  positionAt(offset: number): SourcePosition {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((this.starts[middle] ?? 0) <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - (this.starts[low] ?? 0) + 1 };
  }
}

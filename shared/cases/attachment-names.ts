/**
 * File names of case attachments: what a client sends is reduced to a plain, displayable file name, and the
 * download names it in a Content-Disposition header that no name can break out of.
 */

const maxNameLength = 200;
/**
 * Control and format characters: among them the bidirectional overrides that make `evil\u202Efdp.exe` look
 * like `evilexe.pdf`, and zero-width characters.
 */
const unsafeCharacters = /[\p{Cc}\p{Cf}]/gu;

/**
 * The file name to keep, or undefined when nothing usable is left: only the last path segment (clients
 * send `C:\\Users\\...\\x.pdf` or `../x.pdf`), without control and bidi characters, without leading or
 * trailing dots and spaces, at most 200 characters.
 */
export function attachmentFileName(raw: string): string | undefined {
  const lastSegment = raw.split(/[/\\]/).pop() ?? '';
  const name = lastSegment
    .normalize('NFC')
    .replace(unsafeCharacters, '')
    .replace(/^[\s.]+|[\s.]+$/g, '');
  if (name.length === 0 || name.length > maxNameLength) return undefined;
  return name;
}

/**
 * `attachment` with the name twice: `filename` in printable ASCII (others, quotes and backslashes as `_`)
 * for old clients, `filename*` as UTF-8 percent-encoding (RFC 6266, RFC 8187).
 */
export function attachmentContentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/**
 * A case's files (Blob `case-attachments`, `<tenantId>/<caseId>/<name>`): what send tasks attach and where
 * attachments of a mail that started a case go. Names are plain file names, never paths; a send task may
 * also name a Cases API attachment as `attachment:<attachmentId>` (attachment-case-files.ts).
 */
export interface CaseFile {
  readonly content: Buffer;
  readonly contentType?: string;
  /** The name to mail it under, when not the one it was read by (`attachment:<id>` references). */
  readonly name?: string;
}

export interface CaseFiles {
  read(tenantId: string, caseId: string, name: string): Promise<CaseFile | undefined>;
  write(tenantId: string, caseId: string, name: string, file: CaseFile): Promise<void>;
}

/** A file name a case may hold: no path separators, no control characters, no leading dot. */
export function isCaseFileName(name: string): boolean {
  if (name.length === 0 || name.length > 200 || name.startsWith('.') || name.includes('..')) return false;
  return [...name].every((char) => char !== '/' && char !== '\\' && char.charCodeAt(0) >= 0x20);
}

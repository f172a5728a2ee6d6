/** One problem an infra check found: which check, where, and what. */
export interface Finding {
  readonly check: string;
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

export function formatFindings(findings: readonly Finding[]): string {
  return findings.map((f) => `${f.file}:${f.line} [${f.check}] ${f.message}`).join('\n');
}

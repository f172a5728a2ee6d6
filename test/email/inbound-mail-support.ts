/** Raw MIME messages for the inbound mail tests, written out by hand as a mail service would post them. */
export interface RawMailParts {
  readonly from: string;
  readonly to: string;
  readonly subject: string;
  readonly text?: string;
  readonly html?: string;
  readonly messageId?: string;
  readonly attachments?: readonly { name: string; type: string; content: Buffer }[];
}

export function rawMail(parts: RawMailParts): string {
  const boundary = 'caseflow-test-boundary';
  const head = [
    `From: ${parts.from}`,
    `To: ${parts.to}`,
    `Subject: ${parts.subject}`,
    `Message-ID: ${parts.messageId ?? `<${Math.random().toString(36).slice(2)}@sender.test>`}`,
    'MIME-Version: 1.0',
  ];
  const body =
    parts.html !== undefined
      ? { type: 'text/html; charset=utf-8', content: parts.html }
      : { type: 'text/plain; charset=utf-8', content: parts.text ?? '' };
  if (!parts.attachments?.length) {
    return [...head, `Content-Type: ${body.type}`, '', body.content, ''].join('\r\n');
  }
  return [
    ...head,
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    `Content-Type: ${body.type}`,
    '',
    body.content,
    ...parts.attachments.flatMap((attachment) => [
      `--${boundary}`,
      `Content-Type: ${attachment.type}; name="${attachment.name}"`,
      `Content-Disposition: attachment; filename="${attachment.name}"`,
      'Content-Transfer-Encoding: base64',
      '',
      attachment.content.toString('base64'),
    ]),
    `--${boundary}--`,
    '',
  ].join('\r\n');
}

/** A message nesting multipart parts `depth` deep: tiny, but a parser bomb without a structure check. */
export function nestedMail(depth: number): string {
  const open = Array.from({ length: depth }, (_, level) => [
    `Content-Type: multipart/mixed; boundary="b${level}"`,
    '',
    `--b${level}`,
  ]).flat();
  const close = Array.from({ length: depth }, (_, level) => `--b${depth - 1 - level}--`);
  return [
    'From: a@sender.test',
    'To: claims@contoso.test',
    'Subject: nested',
    ...open,
    'Content-Type: text/plain',
    '',
    'x',
    ...close,
    '',
  ].join('\r\n');
}

export const pdfBytes = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n', 'latin1');

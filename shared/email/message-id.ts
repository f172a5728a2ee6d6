/**
 * The Message-ID of a mail is derived from its tenant and key: a resend after a crash carries the same id,
 * so a receiving system that deduplicates by Message-ID shows it once.
 */
import { createHash } from 'node:crypto';

export function stableMessageId(tenantId: string, key: string, domain: string): string {
  const hash = createHash('sha256').update(`${tenantId}\n${key}`).digest('hex').slice(0, 40);
  return `<${hash}@${domain}>`;
}

export function sentMailDocumentId(key: string): string {
  return `sent:${createHash('sha256').update(key).digest('hex').slice(0, 40)}`;
}

/** The domain part of an address (lower case), or undefined when it has none. */
export function addressDomain(address: string): string | undefined {
  const at = address.lastIndexOf('@');
  return at > 0 && at < address.length - 1 ? address.slice(at + 1).toLowerCase() : undefined;
}

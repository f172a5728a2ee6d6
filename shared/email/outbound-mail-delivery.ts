/**
 * The `email-outbound` queue function's policy: a failed send comes back after an exponential back-off
 * (30 s, doubling, at most an hour) as a new message carrying its attempt count; after the last attempt the
 * error is thrown, so the Functions host retries it up to its `maxDequeueCount` and then moves it to
 * `email-outbound-poison` for an operator.
 */
import type { OutboundMailSender } from './outbound-mail-sender.js';
import type { OutboundMail, OutboundMailQueue } from './outbound-mail.js';

export const outboundMaxAttempts = 6;
const firstBackoffSeconds = 30;
const maxBackoffSeconds = 3600;

export function outboundBackoffSeconds(attempt: number): number {
  return Math.min(firstBackoffSeconds * 2 ** attempt, maxBackoffSeconds);
}

export async function deliverOutboundMail(
  mail: OutboundMail,
  sender: OutboundMailSender,
  queue: OutboundMailQueue,
): Promise<'sent' | 'already-sent' | 'retry-later'> {
  try {
    return await sender.send(mail);
  } catch (error) {
    const attempt = mail.attempt ?? 0;
    if (attempt + 1 >= outboundMaxAttempts) throw error;
    await queue.send({ ...mail, attempt: attempt + 1 }, outboundBackoffSeconds(attempt));
    return 'retry-later';
  }
}

/**
 * The documents of the `messages` container (partition key /tenantId):
 * - `subscription`: a case waits for a message (name, optional correlation key) or a signal (name) at an
 *   element instance. Unsubscribing closes it and gives it a Cosmos `ttl`, so Azure removes it later.
 * - `message`: one published message, kept to correlate it exactly once (its state changes under ETag) and to
 *   recognise a re-published message id. `expiresAt` ends its buffering (the local emulator never expires
 *   items, so queries filter on it); the Cosmos `ttl` (seconds) removes it in Azure a while after that.
 */
import { createHash } from 'node:crypto';
import type { Variables } from '../engine/index.js';
import type { TenantDocument } from '../storage/tenant-repository.js';

export type SubscriptionKind = 'message' | 'signal';

export interface SubscriptionDocument extends TenantDocument {
  readonly type: 'subscription';
  readonly kind: SubscriptionKind;
  readonly name: string;
  readonly correlationKey?: string;
  readonly caseId: string;
  readonly processKey: string;
  readonly elementInstance: string;
  readonly state: 'open' | 'closed';
  readonly createdAt: string;
  readonly ttl?: number;
}

/** `buffered`: waiting for a subscription; `correlated`: delivered to `caseId`; `started`: started cases. */
export type MessageState = 'buffered' | 'correlated' | 'started' | 'discarded';

export interface MessageDocument extends TenantDocument {
  readonly type: 'message';
  readonly messageId: string;
  readonly name: string;
  readonly correlationKey?: string;
  readonly variables: Variables;
  readonly state: MessageState;
  readonly publishedAt: string;
  /** ISO 8601: a buffered message is not correlated after this. */
  readonly expiresAt: string;
  readonly caseId?: string;
  /** The subscription a correlated message went to. */
  readonly subscriptionId?: string;
  readonly startedCases?: readonly string[];
  /** Cosmos DB time to live in seconds (the container's default TTL is -1: only items with `ttl` expire). */
  readonly ttl: number;
}

/** How long a closed subscription is kept before Cosmos DB removes it. */
export const closedSubscriptionTtlSeconds = 24 * 3600;
/** How long after its buffering ends a message id is still recognised as already published. */
export const messageIdRetentionSeconds = 24 * 3600;

export function subscriptionIdFor(
  caseId: string,
  elementInstance: string,
  kind: SubscriptionKind,
  name: string,
): string {
  return `sub-${hash(`${caseId}\n${elementInstance}\n${kind}\n${name}`)}`;
}

export function messageDocumentIdFor(messageId: string): string {
  return `msg-${hash(messageId)}`;
}

/** The inbox idempotency key of one message's delivery. */
export function messageDeliveryKey(messageId: string): string {
  return `message:${messageId}`;
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 40);
}

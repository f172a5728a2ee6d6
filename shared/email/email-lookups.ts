/**
 * The cross-tenant reads of inbound mail, before the tenant is known: the reply grant a token names, the
 * trigger rules of a recipient address, and which tenant owns an address (rules' addresses are unique).
 */
import type { Container } from '@azure/cosmos';
import type { ReplyTokenDocument, TriggerRuleDocument } from './email-documents.js';

export class EmailLookups {
  constructor(private readonly email: Container) {}

  async grant(tokenId: string): Promise<ReplyTokenDocument | undefined> {
    const { resources } = await this.email.items
      .query<ReplyTokenDocument>({
        query: "SELECT * FROM c WHERE c.id = @id AND c.type = 'reply-token'",
        parameters: [{ name: '@id', value: `reply:${tokenId}` }],
      })
      .fetchAll();
    // Token ids are HMACs over the tenant, so two tenants never share one; more than one is no grant.
    return resources.length === 1 ? resources[0] : undefined;
  }

  async triggersFor(recipients: readonly string[]): Promise<TriggerRuleDocument[]> {
    const { resources } = await this.email.items
      .query<TriggerRuleDocument>({
        query: "SELECT * FROM c WHERE c.type = 'trigger' AND ARRAY_CONTAINS(@recipients, c.recipient)",
        parameters: [{ name: '@recipients', value: [...recipients] }],
      })
      .fetchAll();
    return resources;
  }

  async addressOwner(recipient: string): Promise<string | undefined> {
    const { resources } = await this.email.items
      .query<{ tenantId: string }>({
        query: "SELECT TOP 1 c.tenantId FROM c WHERE c.type = 'trigger' AND c.recipient = @recipient",
        parameters: [{ name: '@recipient', value: recipient }],
      })
      .fetchAll();
    return resources[0]?.tenantId;
  }
}

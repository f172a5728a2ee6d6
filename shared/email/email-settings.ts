/**
 * Where a tenant's users get mail: an address stored per user, else `<user>@<userDomain>`; a user id that
 * is an address is its own address. A user with none gets no notifications (nothing is guessed).
 */
import { validationFailed } from '../http/body.js';
import type { Stored, TenantRepository } from '../storage/tenant-repository.js';
import type { EmailDocument, EmailSettingsDocument } from './email-documents.js';
import type { EmailSettingsCache } from './email-settings-cache.js';

const addressPattern = /^[^\s@<>()",;:]+@[a-z0-9.-]+\.[a-z]{2,}$/i;
const domainPattern = /^[a-z0-9.-]+\.[a-z]{2,}$/i;
const maxAddresses = 10_000;

export interface EmailSettingsView {
  readonly userDomain?: string;
  readonly addresses: Readonly<Record<string, string>>;
}

export function isMailAddress(text: string): boolean {
  return addressPattern.test(text);
}

export class EmailSettings {
  constructor(
    private readonly repository: TenantRepository<EmailDocument>,
    private readonly now: () => Date,
    /** Absent: every lookup reads the settings. */
    private readonly cache?: EmailSettingsCache,
  ) {}

  /** The stored settings (the API reads them so, never from the cache). */
  async get(): Promise<EmailSettingsView> {
    const stored = (await this.repository.read('settings')) as Stored<EmailSettingsDocument> | undefined;
    const view = {
      ...(stored?.userDomain !== undefined ? { userDomain: stored.userDomain } : {}),
      addresses: stored?.addresses ?? {},
    };
    this.cache?.remember(this.repository.tenantId, view, this.now().getTime());
    return view;
  }

  async addressOf(userId: string): Promise<string | undefined> {
    if (isMailAddress(userId)) return userId;
    const settings = this.cache?.fresh(this.repository.tenantId, this.now().getTime()) ?? (await this.get());
    const stored = settings.addresses[userId];
    if (stored !== undefined) return stored;
    return settings.userDomain !== undefined && /^[A-Za-z0-9._-]+$/.test(userId)
      ? `${userId}@${settings.userDomain}`
      : undefined;
  }

  async put(body: unknown, userId: string): Promise<EmailSettingsView> {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw validationFailed([{ field: '', message: 'must be a JSON object' }]);
    }
    const input = body as { userDomain?: unknown; addresses?: unknown };
    const errors: { field: string; message: string }[] = [];
    if (
      input.userDomain !== undefined &&
      (typeof input.userDomain !== 'string' || !domainPattern.test(input.userDomain))
    ) {
      errors.push({ field: 'userDomain', message: 'must be a domain name' });
    }
    const addresses = input.addresses ?? {};
    if (typeof addresses !== 'object' || addresses === null || Array.isArray(addresses)) {
      errors.push({ field: 'addresses', message: 'must be an object of user id to address' });
    } else {
      const entries = Object.entries(addresses);
      if (entries.length > maxAddresses)
        errors.push({ field: 'addresses', message: `at most ${maxAddresses}` });
      for (const [user, address] of entries) {
        if (typeof address !== 'string' || !isMailAddress(address)) {
          errors.push({ field: `addresses.${user}`, message: 'must be a mail address' });
        }
      }
    }
    if (errors.length > 0) throw validationFailed(errors);
    const document = {
      id: 'settings',
      type: 'settings' as const,
      ...(typeof input.userDomain === 'string' ? { userDomain: input.userDomain.toLowerCase() } : {}),
      addresses: addresses as Record<string, string>,
      updatedBy: userId,
      updatedAt: this.now().toISOString(),
    };
    const existing = await this.repository.read('settings');
    if (existing) await this.repository.replace(document, existing._etag);
    else await this.repository.create(document);
    return this.get();
  }
}

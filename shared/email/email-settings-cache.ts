/**
 * Each tenant's email settings, remembered by one process for a short while: every task assignment and case
 * end looks up a recipient's address, and the settings change rarely. A change made through this process
 * applies at once; one made through another instance applies within `maxAgeMs`.
 */
import type { EmailSettingsView } from './email-settings.js';

export class EmailSettingsCache {
  readonly #entries = new Map<string, { readonly view: EmailSettingsView; readonly readAt: number }>();

  constructor(private readonly maxAgeMs: number) {}

  fresh(tenantId: string, nowMs: number): EmailSettingsView | undefined {
    const entry = this.#entries.get(tenantId);
    return entry !== undefined && nowMs - entry.readAt < this.maxAgeMs ? entry.view : undefined;
  }

  remember(tenantId: string, view: EmailSettingsView, nowMs: number): void {
    this.#entries.set(tenantId, { view, readAt: nowMs });
  }
}

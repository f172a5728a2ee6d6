/**
 * Settings that make the case sweep and `advanceCase` retries act within a second, so end-to-end tests of lost
 * doorbells, crashes and retries end quickly (production defaults wait minutes).
 */
import { settings } from '../../shared/config/registry.js';

export const quickCaseSettings: Readonly<Record<string, string>> = {
  [settings.caseSweepSchedule.name]: '* * * * * *',
  [settings.caseSweepAgeSeconds.name]: '1',
  [settings.caseAdvanceRetryMs.name]: '20',
};

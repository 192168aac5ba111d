import { startReferralFactorySandbox, MAIN_CAMPAIGN_ID, type ReferralFactorySandboxOptions } from '../../sandbox/referral-factory/index.js';
import { createReferralFactoryClient } from '../../src/integrations/referral-factory/client.js';
import { createRateBudget } from '../../src/integrations/referral-factory/rate-budget.js';
import { openMemoryStore } from '../../src/store/store.js';
import type { SyncDefinitionInput } from '../../src/sync/definition-input.js';
import type { ContactSource } from '../../src/sync/ports.js';
import { createSyncService } from '../../src/sync/sync-service.js';

export const RF_CAMPAIGN = MAIN_CAMPAIGN_ID;

/** The main campaign's form: first name, email, and the required Company Name (mapped from external_id). */
export const rfDefinition = (over: Partial<SyncDefinitionInput> = {}): SyncDefinitionInput => ({
  workspaceId: 'ws_engine',
  campaignId: RF_CAMPAIGN,
  audience: { kind: 'all' },
  fieldMapping: [
    { to: 'first_name', from: { kind: 'standard', field: 'name' }, transform: 'first_word' },
    { to: 'email', from: { kind: 'standard', field: 'email' }, transform: 'trim' },
    { to: 'company_name', from: { kind: 'standard', field: 'external_id' }, transform: 'none' },
  ],
  returnMapping: { referral_link: 'rf_link', referrals_count: 'rf_referrals', converted_referrals_count: 'rf_converted' },
  schedule: { type: 'one_time' },
  enabled: true,
  ...over,
});

/**
 * The RF stand-in over real HTTP with the real RF client, whose budget matches the stand-in's
 * window (both scaled down together so tests stay fast).
 */
export async function withRf(source: ContactSource, opts: ReferralFactorySandboxOptions & { callsPerWindow?: number; concurrency?: number } = {}) {
  const windowMs = opts.rateWindowMs ?? 1000;
  const callsPerWindow = opts.callsPerWindow ?? 1000;
  const rf = await startReferralFactorySandbox({ ratePerMinute: callsPerWindow, rateWindowMs: windowMs, ...opts });
  const budget = createRateBudget({ callsPerWindow, windowMs });
  const directory = createReferralFactoryClient({ baseUrl: rf.baseUrl, apiKey: rf.apiKey, budget, retryMinDelayMs: 20, timeoutMs: 3000 });
  const store = await openMemoryStore();
  const service = createSyncService({
    store,
    clock: { now: () => Date.now() },
    contactsFor: async () => source,
    referralsFor: async () => directory,
    pageSize: 100,
    concurrency: opts.concurrency ?? 8,
  });
  return { rf, service, store, budget, close: async () => (await service.stop(), await rf.close()) };
}

import { startIntercomSandbox, type IntercomSandboxOptions } from '../../sandbox/intercom/index.js';
import { startReferralFactorySandbox, type ReferralFactorySandboxOptions } from '../../sandbox/referral-factory/index.js';
import { createIntercomContactSource } from '../../src/integrations/intercom/index.js';
import { createReferralFactoryClient } from '../../src/integrations/referral-factory/client.js';
import { createRateBudget } from '../../src/integrations/referral-factory/rate-budget.js';
import { openMemoryRepositories } from '../../src/store/lowdb/index.js';
import type { Repositories } from '../../src/store/repositories.js';
import type { SyncDefinitionInput } from '../../src/sync/definition-input.js';
import { createSyncService } from '../../src/sync/sync-service.js';

/** RF's second campaign: only first name and email. */
export const BASIC_CAMPAIGN = 2;

export const basicDefinition = (workspaceId: string, over: Partial<SyncDefinitionInput> = {}): SyncDefinitionInput => ({
  workspaceId,
  campaignId: BASIC_CAMPAIGN,
  audience: { kind: 'all' },
  fieldMapping: [
    { to: 'first_name', from: { kind: 'standard', field: 'name' }, transform: 'first_word' },
    { to: 'email', from: { kind: 'standard', field: 'email' }, transform: 'trim' },
  ],
  returnMapping: { referral_link: 'rf_link', referrals_count: 'rf_referrals', converted_referrals_count: 'rf_converted' },
  schedule: { type: 'one_time' },
  enabled: true,
  ...over,
});

export interface StackOptions {
  intercom?: IntercomSandboxOptions;
  rf?: ReferralFactorySandboxOptions;
  /** RF calls per window for both the stand-in and the client's budget (scaled down together). */
  rfCallsPerWindow?: number;
  rfWindowMs?: number;
  pageSize?: number;
  concurrency?: number;
  /** The store; default: lowdb in memory (the PostgreSQL adapter in test/engine/postgres-sync.test.ts). */
  repos?: Repositories;
}

/**
 * Both stand-ins over real HTTP, the real adapters (the official Intercom SDK, the RF client with
 * a budget matching the stand-in's window), and the engine reading the Intercom stand-in's clock.
 */
export async function startStack(opts: StackOptions = {}) {
  const windowMs = opts.rfWindowMs ?? 1000;
  const callsPerWindow = opts.rfCallsPerWindow ?? 1000;
  const [ic, rf] = await Promise.all([
    startIntercomSandbox({ seed: { contacts: 60 }, rateWindowSeconds: 1, ...opts.intercom }),
    startReferralFactorySandbox({ ratePerMinute: callsPerWindow, rateWindowMs: windowMs, ...opts.rf }),
  ]);
  const source = createIntercomContactSource({ baseUrl: ic.url, token: ic.accessToken, timeoutMs: 5000, retryMinDelayMs: 10 });
  const directory = createReferralFactoryClient({
    baseUrl: rf.baseUrl, apiKey: rf.apiKey, budget: createRateBudget({ callsPerWindow, windowMs }), retryMinDelayMs: 20, timeoutMs: 5000,
  });
  const repos = opts.repos ?? (await openMemoryRepositories());
  const service = createSyncService({
    repos,
    clock: { now: () => ic.control.now() },
    contactsFor: async () => source,
    referralsFor: async () => directory,
    pageSize: opts.pageSize ?? 50,
    concurrency: opts.concurrency ?? 8,
  });
  return {
    ic, rf, service, repos, source, directory,
    close: async () => {
      await service.stop();
      await Promise.all([ic.close(), rf.close()]);
    },
  };
}

export type Stack = Awaited<ReturnType<typeof startStack>>;

export const norm = (email: unknown) => String(email).trim().toLowerCase();

/** Emails RF holds as referrers of a campaign, normalised. */
export const rfEmails = (s: Stack, campaignId = BASIC_CAMPAIGN): string[] =>
  s.rf.control.listUsers({ campaignId, type: 'person_referring' }).map((u) => norm(u.email));

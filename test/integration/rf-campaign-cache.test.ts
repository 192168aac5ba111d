import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferralFactorySandbox, type ReferralFactorySandbox } from '../../sandbox/referral-factory/index.js';
import { createCampaignCache, type CampaignCache } from '../../src/integrations/referral-factory/campaign-cache.js';
import { createReferralFactoryClient } from '../../src/integrations/referral-factory/client.js';
import { createRateBudget } from '../../src/integrations/referral-factory/rate-budget.js';
import type { CallPriority } from '../../src/sync/ports.js';

// The per-process cache of campaigns (campaign-cache.ts) between the RF client and the stand-in over HTTP.
const OTHER_KEY = 'rf_other_workspace_key_0002';
let rf: ReferralFactorySandbox;

beforeAll(async () => {
  rf = await startReferralFactorySandbox({ apiKeys: ['rf_test_key', OTHER_KEY], ratePerMinute: 0 });
});
afterAll(() => rf.close());

const client = (campaigns: CampaignCache, priority: CallPriority = 'interactive', apiKey = 'rf_test_key') =>
  createReferralFactoryClient({ baseUrl: rf.baseUrl, apiKey, budget: createRateBudget({ callsPerWindow: 1000, windowMs: 1000 }), priority, campaigns, maxRetries: 0 });
const campaignReads = () => rf.control.stats().byRoute['GET /campaigns/{identifier}'] ?? 0;

describe('campaigns cached per process', () => {
  it('when cards read a campaign at once and again within the minute, then RF is asked once', async () => {
    const people = client(createCampaignCache());
    rf.control.resetStats();
    const atOnce = await Promise.all(Array.from({ length: 5 }, () => people.getCampaign(1)));
    const later = await client(createCampaignCache()).getCampaign(1).then(() => people.getCampaign(1));
    expect(new Set(atOnce.map((c) => c.name))).toEqual(new Set([later.name]));
    // One for the five at once, one for the other cache (another process), none for the later read.
    expect(campaignReads()).toBe(2);
  });

  it('when the time to live has passed, then the campaign is read from RF again', async () => {
    const people = client(createCampaignCache({ ttlMs: 100 }));
    rf.control.resetStats();
    await people.getCampaign(1);
    await new Promise((r) => setTimeout(r, 150));
    await people.getCampaign(1);
    expect(campaignReads()).toBe(2);
  });

  it('when RF refuses a referrer, then the next read of its campaign goes to RF (its fields may have changed)', async () => {
    const people = client(createCampaignCache());
    await people.getCampaign(1);
    rf.control.resetStats();
    // Company Name is required in campaign 1: RF answers 422.
    await expect(people.createReferrer({ campaignId: 1, firstName: 'Nell', email: 'nell@example.com', meta: {} })).rejects.toMatchObject({ code: 'upstream_rejected' });
    await people.getCampaign(1);
    expect(campaignReads()).toBe(1);
  });

  it('when a run reads the campaign at its start, then it asks RF and people\'s reads after it use that answer', async () => {
    const cache = createCampaignCache();
    rf.control.resetStats();
    await client(cache, 'bulk').getCampaign(1);
    await client(cache, 'bulk').getCampaign(1);
    await client(cache, 'interactive').getCampaign(1);
    expect(campaignReads()).toBe(2);
  });

  it('when the wizard lists campaigns, then the cards\' next reads use that list', async () => {
    const cache = createCampaignCache();
    rf.control.resetStats();
    await client(cache).listCampaigns();
    await client(cache).getCampaign(2);
    expect(campaignReads()).toBe(0);
  });

  it('when another key reads the same campaign id, then it gets RF\'s answer for that key, not the cached one', async () => {
    const cache = createCampaignCache();
    rf.control.resetStats();
    await client(cache).getCampaign(1);
    await client(cache, 'interactive', OTHER_KEY).getCampaign(1);
    expect(campaignReads()).toBe(2);
  });

  it('when RF fails a read, then the failure is not kept: the next read asks again', async () => {
    const people = client(createCampaignCache());
    rf.control.injectFaults({ status: 503, count: 1, match: 'GET /campaigns' });
    rf.control.resetStats();
    await expect(people.getCampaign(1)).rejects.toBeDefined();
    expect((await people.getCampaign(1)).id).toBe(1);
    expect(campaignReads()).toBe(2);
  });
});

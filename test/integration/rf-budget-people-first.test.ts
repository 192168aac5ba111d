import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAIN_CAMPAIGN_ID, startReferralFactorySandbox, type ReferralFactorySandbox } from '../../sandbox/referral-factory/index.js';
import { createReferralFactoryClient } from '../../src/integrations/referral-factory/client.js';
import { createRateBudget } from '../../src/integrations/referral-factory/rate-budget.js';
import { peopleDuringSync, slowest } from '../helpers/people-during-sync.js';

// Issue #13 "Interactive first": RF's 600 calls / 60 s scaled to 40 calls / 4 s at the stand-in;
// the app's budget counts them in 4.25 s (a margin for a loaded 2-core machine). Default reserve
// (5 %: 2 slots), default forecast: the budget of production at another scale. The sync's calls
// are spaced 106 ms, so it runs near its bound as the bench's sync does (timers wake late by a few ms).
const LIMIT = 40;
const WINDOW_MS = 4000;
const MARGIN_MS = 250;
const GUARD_MS = WINDOW_MS + MARGIN_MS;
const KEY = 'rf_people_first_key_0001';
let rf: ReferralFactorySandbox;

beforeAll(async () => {
  rf = await startReferralFactorySandbox({ apiKeys: [KEY], ratePerMinute: LIMIT, rateWindowMs: WINDOW_MS });
});
afterAll(() => rf.close());

function clients() {
  const budget = createRateBudget({ callsPerWindow: LIMIT, windowMs: WINDOW_MS, marginMs: MARGIN_MS });
  const client = (priority: 'bulk' | 'interactive', f: typeof fetch = fetch) => createReferralFactoryClient({ baseUrl: rf.baseUrl, apiKey: KEY, budget, priority, maxRetries: 0, fetch: f });
  return { sync: client('bulk'), people: (f: typeof fetch) => client('interactive', f) };
}

async function freshWindow() {
  // The previous test's calls leave the stand-in's window first.
  await new Promise((r) => setTimeout(r, GUARD_MS));
  rf.control.resetStats();
}

describe('people first while a sync runs (in-process budget, RF stand-in over HTTP)', () => {
  it('when people call at a third of the key through a sync\'s first window, then each call leaves for RF within 100 ms, the sync takes the rest, and RF sends no 429', async () => {
    await freshWindow();
    // Cards every 500 ms and a Preview of 3 lookups every 3 s: 13 calls a window, a third of the key.
    const r = await peopleDuringSync({ ...clients(), campaignId: MAIN_CAMPAIGN_ID, durationMs: 1.5 * GUARD_MS, cardEveryMs: 500, previewEveryMs: 3000, previewLookups: 3 });
    expect(r.failures).toEqual([]);
    // Before, the sync filled the window to its fixed reserve before any call had left it, and people then waited for calls to leave it (0.4–1.2 s in trial runs).
    expect(slowest(r.waitsMs), `people's slowest call (${r.waitsMs.length} calls)`).toBeLessThan(100);
    // The key's bound over the first window and a half, less people's calls and the reserve: the sync keeps most of its share.
    const share = 1.5 * LIMIT - r.waitsMs.length - 2;
    expect(r.syncDone.length).toBeGreaterThan(share * 0.66);
    const log = rf.control.callLog().keys[KEY]!;
    expect(log.limited).toBe(0);
    expect(log.peakInWindow).toBeLessThanOrEqual(LIMIT);
  }, 30_000);

  it('when nobody in the inbox calls, then the sync runs at the key\'s bound less the fixed reserve (the forecast costs it nothing)', async () => {
    await freshWindow();
    const r = await peopleDuringSync({ ...clients(), campaignId: MAIN_CAMPAIGN_ID, durationMs: 1.5 * GUARD_MS, peopleForMs: 0, cardEveryMs: 500, previewEveryMs: 3000, previewLookups: 3 });
    expect(r.failures).toEqual([]);
    expect(r.waitsMs).toEqual([]);
    // 38 calls per 4.25 s at most, spaced 106 ms apart (timers wake a little late on a busy machine).
    expect(r.syncDone.length).toBeGreaterThan(1.5 * (LIMIT - 2) * 0.85);
    expect(rf.control.callLog().keys[KEY]!.limited).toBe(0);
  }, 30_000);
});

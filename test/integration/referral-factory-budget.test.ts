import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferralFactorySandbox } from '../../sandbox/referral-factory/index.js';
import type { ReferralFactorySandbox } from '../../sandbox/referral-factory/index.js';
import { createReferralFactoryClient } from '../../src/integrations/referral-factory/client.js';
import { createRateBudget, keyFingerprint, sharedRateBudget } from '../../src/integrations/referral-factory/rate-budget.js';

// RF's 600 calls / 60 s, scaled down to 20 calls / 1 s on both sides so a test takes ~2 s.
const LIMIT = 20;
const WINDOW_MS = 1000;
const PACED_KEY = 'rf_paced_key_0001';
const UNPACED_KEY = 'rf_unpaced_key_0002';
let rf: ReferralFactorySandbox;

beforeAll(async () => {
  rf = await startReferralFactorySandbox({ apiKeys: [PACED_KEY, UNPACED_KEY], ratePerMinute: LIMIT, rateWindowMs: WINDOW_MS });
});
afterAll(() => rf.close());

/** Counts call starts per sliding window, as seen by the client. */
function recordingFetch(starts: number[]): typeof fetch {
  return (input, init) => {
    starts.push(performance.now());
    return fetch(input, init);
  };
}
const maxInAnyWindow = (starts: number[]) =>
  Math.max(...starts.map((t) => starts.filter((u) => u >= t && u < t + WINDOW_MS).length));

describe('Referral Factory rate budget', () => {
  it('when two clients of one key fire a burst of 50 calls at once, then the shared budget paces them and RF sends no 429', async () => {
    // A wider jitter margin than production's 2 %: on a loaded 2-core CI machine arrivals bunch up by more than 50 ms.
    sharedRateBudget(PACED_KEY, { callsPerWindow: LIMIT, windowMs: WINDOW_MS, marginMs: 250 });
    const starts: number[] = [];
    const a = createReferralFactoryClient({ baseUrl: rf.baseUrl, apiKey: PACED_KEY, fetch: recordingFetch(starts), maxRetries: 0 });
    const b = createReferralFactoryClient({ baseUrl: rf.baseUrl, apiKey: PACED_KEY, fetch: recordingFetch(starts), maxRetries: 0 });
    rf.control.resetStats();
    const t0 = performance.now();
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => (i % 2 ? a : b).getCampaign(1)));
    expect(results).toHaveLength(50);
    expect(rf.control.stats().rateLimited).toBe(0);
    expect(maxInAnyWindow(starts)).toBeLessThanOrEqual(LIMIT);
    // 50 calls at 20 per second cannot finish before two full windows have passed.
    expect(performance.now() - t0).toBeGreaterThanOrEqual(2 * WINDOW_MS);
  });

  it('when the same burst goes out without pacing, then RF answers 429 (so the test above can fail)', async () => {
    const c = createReferralFactoryClient({
      baseUrl: rf.baseUrl, apiKey: UNPACED_KEY, maxRetries: 0, budget: createRateBudget({ callsPerWindow: Number.POSITIVE_INFINITY }),
    });
    rf.control.resetStats();
    const settled = await Promise.allSettled(Array.from({ length: 30 }, () => c.getCampaign(1)));
    expect(settled.some((s) => s.status === 'rejected' && (s.reason as { code?: string }).code === 'upstream_rate_limited')).toBe(true);
    expect(rf.control.stats().rateLimited).toBeGreaterThan(0);
  });

  it('when a sync keeps 40 bulk calls queued on a key, then a card\'s interactive call on that key goes ahead of them and RF sends no 429', async () => {
    const budget = createRateBudget({ callsPerWindow: LIMIT, windowMs: WINDOW_MS, marginMs: 250 });
    const sync = createReferralFactoryClient({ baseUrl: rf.baseUrl, apiKey: PACED_KEY, budget, priority: 'bulk', maxRetries: 0 });
    const card = createReferralFactoryClient({ baseUrl: rf.baseUrl, apiKey: PACED_KEY, budget, priority: 'interactive', maxRetries: 0 });
    // After the previous test's burst the stand-in's window may still be full: start on an empty one.
    await new Promise((r) => setTimeout(r, WINDOW_MS + 300));
    rf.control.resetStats();
    let bulkDone = 0;
    const bulk = Array.from({ length: 40 }, () => sync.getCampaign(1).then(() => void (bulkDone += 1)));
    while (bulkDone < 5) await new Promise((r) => setTimeout(r, 10));
    const doneBefore = bulkDone;
    await card.getCampaign(1);
    // At most the bulk calls already on the wire finished meanwhile; 30-odd are still queued behind the card's call.
    expect(bulkDone - doneBefore).toBeLessThanOrEqual(2);
    await Promise.all(bulk);
    expect(rf.control.stats().rateLimited).toBe(0);
  });

  it('when budgets are looked up by key, then one key gets one budget and the registry holds only a fingerprint', () => {
    expect(sharedRateBudget('k-one-1234')).toBe(sharedRateBudget('k-one-1234'));
    expect(sharedRateBudget('k-one-1234')).not.toBe(sharedRateBudget('k-two-1234'));
    expect(keyFingerprint('k-one-1234')).not.toContain('k-one');
    expect(sharedRateBudget('k-three-1234').callsPerWindow).toBe(600);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAIN_CAMPAIGN_ID, startReferralFactorySandbox, type ReferralFactorySandbox } from '../../sandbox/referral-factory/index.js';
import { slotRules } from '../../src/integrations/referral-factory/budget-slots.js';
import { createReferralFactoryClient } from '../../src/integrations/referral-factory/client.js';
import { createRateBudget } from '../../src/integrations/referral-factory/rate-budget.js';
import type { CallPriority } from '../../src/sync/ports.js';
import { busyLoop, queuedReads, recordingFetch } from '../helpers/busy-loop.js';

// Issue #15's burst under load: RF's 600 calls / 60 s scaled to 40 calls / 4 s at the stand-in, the
// app counting them in 4.25 s (so events and bulk calls are spaced 107 ms). 36 queued calls fit in
// one window's share (38 for bulk), so only the spacing sets their pace: 35 spacings from the first
// start to the last. With the loop busy 15 ms in every 25 ms each wait's timer fires up to 15 ms late;
// spacing from each call's actual start lost that every time (~3 % of the bound, issue #15's
// 0.943 instead of ~0.97).
const LIMIT = 40;
const WINDOW_MS = 4000;
const MARGIN_MS = 250;
const CALLS = 36;
const KEY = 'rf_catch_up_key_0001';
const { spacingMs } = slotRules({ callsPerWindow: LIMIT, windowMs: WINDOW_MS, marginMs: MARGIN_MS });
let rf: ReferralFactorySandbox;

beforeAll(async () => {
  rf = await startReferralFactorySandbox({ apiKeys: [KEY], ratePerMinute: LIMIT, rateWindowMs: WINDOW_MS });
});
afterAll(() => rf.close());

describe('RF budget spacing under a busy event loop (in-process budget, RF stand-in over HTTP)', () => {
  for (const priority of ['bulk', 'events'] as const satisfies readonly CallPriority[]) {
    it(`when ${CALLS} ${priority} calls are queued and the loop is busy 15 ms in every 25, then they keep the spacing's pace within 1 % (late timers are made up) and no window at RF holds more than the limit`, async () => {
      // The previous test's calls leave the stand-in's window first.
      await new Promise((r) => setTimeout(r, WINDOW_MS + MARGIN_MS));
      rf.control.resetStats();
      const budget = createRateBudget({ callsPerWindow: LIMIT, windowMs: WINDOW_MS, marginMs: MARGIN_MS });
      const starts: number[] = [];
      const client = createReferralFactoryClient({ baseUrl: rf.baseUrl, apiKey: KEY, budget, priority, maxRetries: 0, fetch: recordingFetch(starts) });
      const load = busyLoop(15, 25);
      try {
        await queuedReads(client, MAIN_CAMPAIGN_ID, CALLS);
      } finally {
        load.stop();
      }
      expect(starts).toHaveLength(CALLS);
      const span = Math.max(...starts) - Math.min(...starts);
      // One busy turn (15 ms) of slack for the last call's own late timer.
      expect(span, `first to last start of ${CALLS} calls spaced ${spacingMs} ms`).toBeLessThanOrEqual((CALLS - 1) * spacingMs * 1.01 + 15);
      // Made up by one spacing at most: never three starts within a spacing (a call's own request may leave a busy turn after its slot).
      const sorted = [...starts].sort((a, b) => a - b);
      const tightest = Math.min(...sorted.slice(2).map((t, i) => t - sorted[i]!));
      expect(tightest, 'least time between a start and the one two later').toBeGreaterThan(spacingMs / 2);
      const log = rf.control.callLog().keys[KEY]!;
      expect(log.limited).toBe(0);
      expect(log.peakInWindow).toBeLessThanOrEqual(LIMIT);
    }, 30_000);
  }
});

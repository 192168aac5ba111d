import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAIN_CAMPAIGN_ID, startReferralFactorySandbox, type ReferralFactorySandbox } from '../../sandbox/referral-factory/index.js';
import { loadConfig } from '../../src/config.js';
import { openConfiguredLimits, type ConfiguredLimits } from '../../src/integrations/open-limits.js';
import { slotRules } from '../../src/integrations/referral-factory/budget-slots.js';
import { createReferralFactoryClient } from '../../src/integrations/referral-factory/client.js';
import { silentLogger } from '../../src/shared/logger.js';
import { busyLoop, queuedReads, recordingFetch } from '../helpers/busy-loop.js';
import { testEnv } from '../helpers/env.js';
import { deleteKeys, runRedisTests, testRedis, TEST_REDIS_URL } from '../helpers/redis.js';

// test/integration/rf-budget-catch-up.test.ts with the log in Redis (redis-slots.ts's script keeps
// the spacing's schedule itself, on Redis's clock). RF's 600 calls / 60 s scaled to 40 calls / 4 s
// at the stand-in; the app counts them in 4.25 s plus its default margin.
const LIMIT = 40;
const WINDOW_MS = 4000;
const APP_WINDOW_MS = 4250;
const CALLS = 36;
const KEY = 'rf_catch_up_fleet_key_0001';
const { spacingMs } = slotRules({ callsPerWindow: LIMIT, windowMs: APP_WINDOW_MS });

describe.runIf(runRedisTests)('RF budget spacing under a busy event loop (Redis budget, RF stand-in over HTTP)', () => {
  let rf: ReferralFactorySandbox;
  const r = testRedis('rf-catch-up');
  let limits: ConfiguredLimits;

  beforeAll(async () => {
    rf = await startReferralFactorySandbox({ apiKeys: [KEY], ratePerMinute: LIMIT, rateWindowMs: WINDOW_MS });
    const env = testEnv({
      DATABASE_URL: 'postgres://127.0.0.1:5432/unused', REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: r.prefix,
      RF_RATE_LIMIT: String(LIMIT), RF_RATE_WINDOW_MS: String(APP_WINDOW_MS),
    });
    limits = await openConfiguredLimits(loadConfig(env), silentLogger());
    // A process that has served a while: connected, the script loaded in Redis; its call leaves the window first.
    await limits.rfBudget(KEY).run(async () => undefined, 'bulk');
    await new Promise((res) => setTimeout(res, APP_WINDOW_MS + 200));
  });
  afterAll(async () => {
    await Promise.all([limits?.close(), rf?.close()]);
    await deleteKeys(r.redis, r.prefix);
    await r.cleanup();
  });

  it(`when ${CALLS} bulk calls are queued and the loop is busy 15 ms in every 25, then they keep the spacing's pace within 1 % and no window at RF holds more than the limit`, async () => {
    rf.control.resetStats();
    const starts: number[] = [];
    const client = createReferralFactoryClient({ baseUrl: rf.baseUrl, apiKey: KEY, budget: limits.rfBudget(KEY), priority: 'bulk', maxRetries: 0, fetch: recordingFetch(starts) });
    const load = busyLoop(15, 25);
    try {
      await queuedReads(client, MAIN_CAMPAIGN_ID, CALLS);
    } finally {
      load.stop();
    }
    expect(starts).toHaveLength(CALLS);
    const sorted = [...starts].sort((a, b) => a - b);
    const span = sorted[CALLS - 1]! - sorted[0]!;
    // One busy turn (15 ms) of slack for the last call's own late timer.
    expect(span, `first to last start of ${CALLS} calls spaced ${spacingMs} ms`).toBeLessThanOrEqual((CALLS - 1) * spacingMs * 1.01 + 15);
    const tightest = Math.min(...sorted.slice(2).map((t, i) => t - sorted[i]!));
    expect(tightest, 'least time between a start and the one two later').toBeGreaterThan(spacingMs / 2);
    const log = rf.control.callLog().keys[KEY]!;
    expect(log.limited).toBe(0);
    expect(log.peakInWindow).toBeLessThanOrEqual(LIMIT);
  }, 30_000);
});

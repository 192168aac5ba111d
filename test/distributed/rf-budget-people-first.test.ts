import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAIN_CAMPAIGN_ID, startReferralFactorySandbox, type ReferralFactorySandbox } from '../../sandbox/referral-factory/index.js';
import { loadConfig } from '../../src/config.js';
import { openConfiguredLimits, type ConfiguredLimits } from '../../src/integrations/open-limits.js';
import { createReferralFactoryClient } from '../../src/integrations/referral-factory/client.js';
import { silentLogger } from '../../src/shared/logger.js';
import { testEnv } from '../helpers/env.js';
import { peopleDuringSync, slowest } from '../helpers/people-during-sync.js';
import { deleteKeys, runRedisTests, testRedis, TEST_REDIS_URL } from '../helpers/redis.js';

// Issue #13 across processes: a worker's sync and a web process's cards spend one RF key through
// the log in Redis (redis-slots.ts), each with its own connection and budget, as two processes of
// the distributed mode have. RF's 600 calls / 60 s scaled to 40 calls / 4 s at the stand-in; the
// app counts them in 4.25 s plus its margin (a loaded 2-core machine).
const LIMIT = 40;
const WINDOW_MS = 4000;
const APP_WINDOW_MS = 4250;
const KEY = 'rf_people_first_fleet_key_0001';

describe.runIf(runRedisTests)('people first while a sync runs in another process (Redis budget, RF stand-in over HTTP)', () => {
  let rf: ReferralFactorySandbox;
  const r = testRedis('rf-people-first');
  let web: ConfiguredLimits;
  let worker: ConfiguredLimits;

  beforeAll(async () => {
    rf = await startReferralFactorySandbox({ apiKeys: [KEY], ratePerMinute: LIMIT, rateWindowMs: WINDOW_MS });
    const env = testEnv({
      DATABASE_URL: 'postgres://127.0.0.1:5432/unused', REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: r.prefix,
      RF_RATE_LIMIT: String(LIMIT), RF_RATE_WINDOW_MS: String(APP_WINDOW_MS),
    });
    [web, worker] = await Promise.all([openConfiguredLimits(loadConfig(env), silentLogger()), openConfiguredLimits(loadConfig(env), silentLogger())]);
    // Processes that have served a while: connected, the script loaded in Redis (a first call pays ~80 ms for that).
    await Promise.all([web.rfBudget(KEY).run(async () => undefined, 'interactive'), worker.rfBudget(KEY).run(async () => undefined, 'bulk')]);
  });
  afterAll(async () => {
    await Promise.all([web?.close(), worker?.close(), rf?.close()]);
    await deleteKeys(r.redis, r.prefix);
    await r.cleanup();
  });

  it('when people in a web process call at a third of the key through the first window of a worker\'s sync, then each call leaves for RF within 100 ms and RF sends no 429', async () => {
    const client = (limits: ConfiguredLimits, priority: 'bulk' | 'interactive', f: typeof fetch = fetch) =>
      createReferralFactoryClient({ baseUrl: rf.baseUrl, apiKey: KEY, budget: limits.rfBudget(KEY), priority, maxRetries: 0, fetch: f });
    const res = await peopleDuringSync({
      sync: client(worker, 'bulk'), people: (f) => client(web, 'interactive', f), campaignId: MAIN_CAMPAIGN_ID,
      durationMs: 1.5 * APP_WINDOW_MS, cardEveryMs: 500, previewEveryMs: 3000, previewLookups: 3,
    });
    expect(res.failures).toEqual([]);
    expect(slowest(res.waitsMs), `people's slowest call (${res.waitsMs.length} calls)`).toBeLessThan(100);
    expect(res.syncDone.length).toBeGreaterThan((1.5 * LIMIT - res.waitsMs.length - 2) * 0.66);
    const log = rf.control.callLog().keys[KEY]!;
    expect(log.limited).toBe(0);
    expect(log.peakInWindow).toBeLessThanOrEqual(LIMIT);
    // Whatever is left under the prefix names a fingerprint of the key, never the key.
    expect((await r.redis.keys(`${r.prefix}:*`)).join(' ')).not.toContain(KEY);
  }, 30_000);
});

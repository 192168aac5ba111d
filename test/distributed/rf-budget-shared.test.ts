import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferralFactorySandbox, type ReferralFactorySandbox } from '../../sandbox/referral-factory/index.js';
import { loadConfig } from '../../src/config.js';
import { openConfiguredLimits } from '../../src/integrations/open-limits.js';
import { silentLogger } from '../../src/shared/logger.js';
import { startChild, tsxArgs } from '../helpers/child-process.js';
import { testEnv } from '../helpers/env.js';
import { deleteKeys, runRedisTests, testRedis, TEST_REDIS_URL } from '../helpers/redis.js';

// RF's 600 calls / 60 s scaled down to 20 calls / 1 s at the stand-in; the app's budget counts
// the 20 in 1.3 s (a margin for a loaded 2-core machine, where a call may reach the stand-in well
// after its slot was granted). Each caller is a child process of the distributed mode with its own
// Redis connection and budget; only the log in Redis is shared.
const LIMIT = 20;
const WINDOW_MS = 1000;
const APP_WINDOW_MS = 1300;
const KEY = 'rf_shared_fleet_key_0001';

type Report = { askedAt: number; starts: number[]; failures: string[] };

const maxInAnyWindow = (starts: number[]) =>
  Math.max(...starts.map((t) => starts.filter((u) => u >= t && u < t + WINDOW_MS).length));

describe.runIf(runRedisTests)('one RF budget per key across processes (Redis)', () => {
  let rf: ReferralFactorySandbox;
  const r = testRedis('rf-budget');

  beforeAll(async () => {
    rf = await startReferralFactorySandbox({ apiKeys: [KEY], ratePerMinute: LIMIT, rateWindowMs: WINDOW_MS });
  });
  afterAll(async () => {
    await rf.close();
    await deleteKeys(r.redis, r.prefix);
    await r.cleanup();
  });

  async function callers(...runs: Array<{ calls: number; priority: string; startAt: number }>): Promise<Report[]> {
    const children = runs.map((run) => startChild(testEnv({
      DATABASE_URL: 'postgres://127.0.0.1:5432/unused', REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: r.prefix,
      RF_API_BASE_URL: rf.baseUrl, RF_RATE_LIMIT: String(LIMIT), RF_RATE_WINDOW_MS: String(APP_WINDOW_MS),
      TEST_RF_KEY: KEY, TEST_CALLS: String(run.calls), TEST_PRIORITY: run.priority, TEST_START_AT: String(run.startAt),
    }), tsxArgs('test/distributed/fixtures/rf-caller.ts')));
    const codes = await Promise.all(children.map((c) => c.exit));
    children.forEach((c, i) => expect(codes[i], c.stderr()).toBe(0));
    return children.map((c) => JSON.parse(c.stdout().trim()) as Report);
  }

  it('when two processes spend one key at once, then no window holds more than the limit at the stand-in and RF sends no 429', async () => {
    rf.control.resetStats();
    // Child processes take a few seconds to start on a busy machine: both begin at the same moment.
    const startAt = Date.now() + 6000;
    const [a, b] = await callers({ calls: 30, priority: 'bulk', startAt }, { calls: 30, priority: 'bulk', startAt });
    expect([...a!.failures, ...b!.failures]).toEqual([]);
    const starts = [...a!.starts, ...b!.starts];
    expect(starts).toHaveLength(60);
    expect(maxInAnyWindow(starts)).toBeLessThanOrEqual(LIMIT);
    expect(rf.control.stats().rateLimited).toBe(0);
    // Alone, each process could spend the whole limit: the two together took at least two more windows.
    expect(Math.max(...starts) - startAt).toBeGreaterThanOrEqual(2 * APP_WINDOW_MS);
    // Keys under the prefix name a fingerprint of the key, never the key.
    const keys = await r.redis.keys(`${r.prefix}:*`);
    expect(keys.some((k) => k.includes('rf-budget'))).toBe(true);
    expect(keys.join(' ')).not.toContain(KEY);
  }, 60_000);

  it('when a worker keeps its bulk calls queued on a key and a web process asks for 5 interactive calls, then those 5 start before any further bulk call', async () => {
    // The previous test's log has left the window by the time these children start.
    rf.control.resetStats();
    const startAt = Date.now() + 6000;
    // The sync fills its share of the window within ~1.3 s; the card's calls come while it still has ~40 queued.
    const [sync, card] = await callers({ calls: 60, priority: 'bulk', startAt }, { calls: 5, priority: 'interactive', startAt: startAt + 1800 });
    expect([...sync!.failures, ...card!.failures]).toEqual([]);
    const first = Math.min(...card!.starts);
    const last = Math.max(...card!.starts);
    // Each interactive call takes the next slot that leaves the window; a bulk call needs the reserve left free too.
    const bulkBetween = sync!.starts.filter((t) => t > first && t < last).length;
    expect(bulkBetween).toBeLessThanOrEqual(1);
    expect(sync!.starts.filter((t) => t > last).length).toBeGreaterThan(20);
    expect(maxInAnyWindow([...sync!.starts, ...card!.starts])).toBeLessThanOrEqual(LIMIT);
    expect(rf.control.stats().rateLimited).toBe(0);
  }, 60_000);

  it('when one process reads that an Intercom window is spent, then another process waits for its reset before its next call', async () => {
    const env = testEnv({ DATABASE_URL: 'postgres://127.0.0.1:5432/unused', REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: r.prefix });
    // Two connections and two sets of limits, as two processes have.
    const [web, worker] = await Promise.all([openConfiguredLimits(loadConfig(env), silentLogger()), openConfiguredLimits(loadConfig(env), silentLogger())]);
    try {
      const reset = Math.ceil((Date.now() + 1500) / 1000);
      worker.intercomWindow('http://intercom.test', 'tok-1').observe(new Headers({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) }));
      await new Promise((res) => setTimeout(res, 100));
      const t0 = Date.now();
      await web.intercomWindow('http://intercom.test', 'tok-1').waitTurn();
      expect(Date.now()).toBeGreaterThanOrEqual(reset * 1000 - 20);
      // Another workspace's window is its own.
      const t1 = Date.now();
      await web.intercomWindow('http://intercom.test', 'tok-2').waitTurn();
      expect(Date.now() - t1).toBeLessThan(200);
      expect(Date.now() - t0).toBeGreaterThan(300);
    } finally {
      await Promise.all([web.close(), worker.close()]);
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferralFactorySandbox, type ReferralFactorySandbox } from '../../sandbox/referral-factory/index.js';
import { loadConfig } from '../../src/config.js';
import { openConfiguredLimits } from '../../src/integrations/open-limits.js';
import { slotRules } from '../../src/integrations/referral-factory/budget-slots.js';
import { redisSlots } from '../../src/integrations/referral-factory/redis-slots.js';
import { createLogger, silentLogger } from '../../src/shared/logger.js';
import { openRedis, redisKey } from '../../src/shared/redis.js';
import type { CallPriority } from '../../src/sync/ports.js';
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
    // Whatever is left under the prefix names a fingerprint of the key, never the key.
    expect((await r.redis.keys(`${r.prefix}:*`)).join(' ')).not.toContain(KEY);
  }, 60_000);

  it('when an interactive caller waits for a slot in one process, then a bulk caller in another gets none even once the count would let it, until the interactive one has its slot', async () => {
    // 10 calls per 2 s: bulk spaced 200 ms, 9 of them at most (one slot is the reserve).
    const rules = slotRules({ callsPerWindow: 10, windowMs: 2000, marginMs: 0 });
    const [webConn, workerConn] = [openRedis(TEST_REDIS_URL), openRedis(TEST_REDIS_URL)];
    const base = redisKey(r.prefix, 'rf-budget', '{priority-test}');
    // A wide grace so the test's own timers, late on a loaded machine, stay inside it.
    const web = redisSlots(webConn, base, rules, 3000);
    const worker = redisSlots(workerConn, base, rules, 3000);
    const takeNow = async (slots: typeof web, p: CallPriority) => {
      for (let wait = await slots.take(p); wait > 0; wait = await slots.take(p)) await new Promise((res) => setTimeout(res, wait));
      return Date.now();
    };
    try {
      const first = await takeNow(worker, 'bulk');
      for (let i = 0; i < 8; i += 1) await takeNow(worker, 'bulk');
      expect(await worker.take('bulk')).toBeGreaterThan(0);
      expect(await web.take('interactive')).toBe(0);
      // The window is full: the next interactive call has to wait for the first bulk call to leave it, and says so.
      expect(await web.take('interactive')).toBeGreaterThan(0);
      // Past the second bulk call's exit (~first + 2.2 s) the count would let a bulk call in again.
      await new Promise((res) => setTimeout(res, Math.max(0, first + 2400 - Date.now())));
      expect(await worker.take('bulk')).toBeGreaterThan(0);
      expect(await web.take('interactive')).toBe(0);
    } finally {
      webConn.disconnect();
      workerConn.disconnect();
    }
  });

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

  it('when Redis does not answer, then RF calls wait instead of going out unpaced, and the log says so once without the URL\'s password', async () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'warn', destination: { write: (line: string) => void lines.push(line) } });
    const env = testEnv({ DATABASE_URL: 'postgres://127.0.0.1:5432/unused', REDIS_URL: 'redis://:hunter2-secret@127.0.0.1:1', REDIS_KEY_PREFIX: r.prefix });
    const limits = await openConfiguredLimits(loadConfig(env), logger);
    try {
      let called = 0;
      const call = limits.rfBudget(KEY).run(async () => void (called += 1), 'interactive');
      call.catch(() => undefined);
      await new Promise((res) => setTimeout(res, 3000));
      expect(called).toBe(0);
      // Once for the outage, not once per retry (ioredis reconnects and the budget asks again every second).
      expect(lines.filter((l) => l.includes('Redis does not answer'))).toHaveLength(1);
      expect(lines[0]).toContain('RF calls wait');
      expect(lines.join('')).not.toContain('hunter2-secret');
    } finally {
      await limits.close();
    }
  });
});

import { afterAll, describe, expect, it } from 'vitest';
import { redisRecentWrites } from '../../src/jobs/bullmq/redis-recent-writes.js';
import { memoryRecentWrites, type RecentWrites } from '../../src/sync/echo-guard.js';
import { runRedisTests, testRedis } from '../helpers/redis.js';

// Where the app remembers its own writes (to know their webhook echo): in the process, or in Redis
// for every process of a deployment. Both forget after their time.

function contract(name: string, make: (ttlMs: number) => RecentWrites) {
  it(`${name}: when a write is remembered, then only that workspace, contact and version read as the app's own, until it expires`, async () => {
    const writes = make(300);
    await writes.remember('ws_1', 'c_1', 100);
    expect(await writes.isOwnWrite('ws_1', 'c_1', 100)).toBe(true);
    expect(await writes.isOwnWrite('ws_1', 'c_1', 101)).toBe(false);
    expect(await writes.isOwnWrite('ws_2', 'c_1', 100)).toBe(false);
    expect(await writes.isOwnWrite('ws_1', 'c_2', 100)).toBe(false);
    await new Promise((r) => setTimeout(r, 400));
    expect(await writes.isOwnWrite('ws_1', 'c_1', 100)).toBe(false);
  });
}

describe('recent writes', () => {
  contract('in memory', (ttlMs) => memoryRecentWrites({ now: Date.now, ttlMs }));
  describe.runIf(runRedisTests)('Redis', () => {
    const r = testRedis('writes');
    afterAll(() => r.cleanup());
    contract('Redis', (ttlMs) => redisRecentWrites(r.redis, r.prefix, ttlMs));
    it('Redis: when one process remembers a write, then another process reads it as the app\'s own', async () => {
      const other = testRedis('writes-other');
      try {
        await redisRecentWrites(r.redis, r.prefix).remember('ws_1', 'c_9', 7);
        expect(await redisRecentWrites(other.redis, r.prefix).isOwnWrite('ws_1', 'c_9', 7)).toBe(true);
      } finally {
        await other.cleanup();
      }
    });
  });
});

import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { openRedis } from '../../src/shared/redis.js';

// The Redis of the development and CI machines (127.0.0.1:6379, .ci/run starts it). Each test
// works under its own random key prefix and deletes only the keys under it: never FLUSHALL.
export const TEST_REDIS_URL = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

async function reachable(url: string): Promise<boolean> {
  const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 1000 });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

export const hasRedis = await reachable(TEST_REDIS_URL);
/** In CI the distributed tests must run (and fail without Redis); elsewhere they may skip. */
export const runRedisTests = hasRedis || !!process.env['CI'];

if (!runRedisTests) {
  console.log(`Redis tests skipped: nothing answers at ${TEST_REDIS_URL}. Start it with ` +
    '`redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no` (or set TEST_REDIS_URL).');
}

export const testPrefix = (label: string): string => `test-${label}-${randomBytes(6).toString('hex')}`;

/** A connection plus a prefix of its own; `cleanup()` deletes the keys under the prefix and disconnects. */
export function testRedis(label: string) {
  const redis = openRedis(TEST_REDIS_URL);
  const prefix = testPrefix(label);
  return {
    redis,
    prefix,
    async cleanup(): Promise<void> {
      await deleteKeys(redis, prefix);
      redis.disconnect();
    },
  };
}

export async function deleteKeys(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== '0');
}

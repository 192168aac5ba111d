import type { Redis } from 'ioredis';
import { RECENT_WRITE_TTL_MS, type RecentWrites } from '../../sync/echo-guard.js';

/**
 * The distributed mode's memory of the app's own writes (echo-guard.ts): one key per write under
 * the deployment's prefix, expiring by itself, so the worker that processes an echo knows a write
 * another process made.
 */
export function redisRecentWrites(redis: Redis, prefix: string, ttlMs = RECENT_WRITE_TTL_MS): RecentWrites {
  const key = (workspaceId: string, contactId: string, version: number) => `${prefix}:writes:${JSON.stringify([workspaceId, contactId, version])}`;
  return {
    async remember(workspaceId, contactId, version) {
      await redis.set(key(workspaceId, contactId, version), '1', 'PX', ttlMs);
    },
    isOwnWrite: async (workspaceId, contactId, version) => (await redis.exists(key(workspaceId, contactId, version))) === 1,
  };
}

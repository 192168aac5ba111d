import { Redis, type RedisOptions } from 'ioredis';

/**
 * One Redis connection from REDIS_URL for everything a process keeps in Redis (the job queue, and
 * any other shared state). `maxRetriesPerRequest: null`: BullMQ's workers need commands to wait
 * for a reconnect rather than fail (https://docs.bullmq.io/guide/going-to-production). Connection
 * errors go to `onError` (ioredis reconnects by itself); without a listener they would be printed
 * as unhandled.
 */
export function openRedis(url: string, onError: (err: Error) => void = () => {}, options: RedisOptions = {}): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: null, connectionName: 'rf-intercom', ...options });
  redis.on('error', onError);
  return redis;
}

/** Keys of one deployment (or one test) live under `${prefix}:`; nothing else in the server is touched. */
export const redisKey = (prefix: string, ...parts: string[]): string => [prefix, ...parts].join(':');

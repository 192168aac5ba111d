import type { ReadinessProbe } from '../app-deps.js';
import type { Config } from '../config.js';
import { AppError } from '../shared/errors.js';
import type { AppLogger } from '../shared/logger.js';
import type { RecentWrites } from '../sync/echo-guard.js';
import type { JobRunner } from './job-runner.js';

/** The job runner the configuration selects, with what /ready checks and what to close on the way out. */
export interface ConfiguredJobs {
  /** Undefined in the embedded mode: the sync service runs its jobs in this process. */
  jobs?: JobRunner;
  queueProbe?: ReadinessProbe;
  /** The app's own writes, shared by every process (distributed mode); undefined: in this process. */
  recentWrites?: RecentWrites;
  close(): Promise<void>;
}

/** How long start-up waits for Redis before giving up with queue_unavailable. */
const CONNECT_TIMEOUT_MS = 10_000;

/**
 * For the composition roots: in the distributed mode, a BullMQ runner on REDIS_URL (`web` queues
 * jobs, `worker` also runs them); in the embedded mode nothing (and bullmq is never loaded).
 */
export async function openConfiguredJobs(config: Config, logger: AppLogger, role: 'web' | 'worker'): Promise<ConfiguredJobs> {
  if (!config.distributed) return { close: async () => {} };
  const { redisUrl, redisKeyPrefix, workerConcurrency, jobLockMs } = config.distributed;
  const [{ openRedis }, { createBullmqJobRunner }, { redisRecentWrites }] = await Promise.all([
    import('../shared/redis.js'), import('./bullmq/bullmq-runner.js'), import('./bullmq/redis-recent-writes.js'),
  ]);
  // ioredis reconnects by itself; log each outage once, not every retry.
  let down = false;
  const redis = openRedis(redisUrl.reveal(), (err) => {
    if (!down) logger.warn({ redis: redisUrl.describe(), err: err.message }, 'Redis does not answer (reconnecting)');
    down = true;
  });
  redis.on('ready', () => {
    if (down) logger.info({ redis: redisUrl.describe() }, 'Redis answers again');
    down = false;
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    // The first connection error stops start-up (the process manager restarts it); later ones are reconnected.
    await Promise.race([
      redis.ping(),
      new Promise((_, reject) => void redis.once('error', reject)),
      new Promise((_, reject) => void (timer = setTimeout(() => reject(new Error(`no answer within ${CONNECT_TIMEOUT_MS / 1000} s`)), CONNECT_TIMEOUT_MS))),
    ]);
  } catch (err) {
    redis.disconnect();
    throw new AppError('queue_unavailable', `Redis at ${redisUrl.describe()} (REDIS_URL) does not answer: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    clearTimeout(timer);
  }
  const jobs = createBullmqJobRunner({ role, redis, prefix: redisKeyPrefix, concurrency: workerConcurrency, lockMs: jobLockMs, logger });
  logger.info({ queue: 'bullmq', redis: redisUrl.describe(), prefix: redisKeyPrefix, role, ...(role === 'worker' ? { concurrency: workerConcurrency, lockMs: jobLockMs } : {}) }, 'job queue ready');
  return {
    jobs,
    queueProbe: {
      name: 'queue',
      kind: 'bullmq',
      check: async () => {
        // While ioredis reconnects, a command waits in its offline queue (maxRetriesPerRequest: null,
        // for BullMQ) until Redis is back: every probe of a long outage would pile up there. Say so at once.
        if (redis.status !== 'ready') throw new Error(`Redis connection ${redis.status}`);
        await redis.ping();
      },
    },
    recentWrites: redisRecentWrites(redis, redisKeyPrefix),
    async close() {
      await jobs.close();
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

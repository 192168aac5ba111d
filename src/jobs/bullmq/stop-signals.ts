import type { Redis } from 'ioredis';
import { redisKey } from '../../shared/redis.js';

/** How long a cancel request waits for a worker to pick up its run (a job handed back, a dead worker's job not yet re-delivered). */
const CANCEL_TTL_SECONDS = 24 * 3600;

/**
 * A cancel every worker sees: a key that says the run is cancelled (read when a worker starts or
 * resumes the run's job, so a request made while no worker held the job is not lost), then a
 * message on a channel every worker listens to (for the worker running it now). The key is
 * written before the message, and a worker registers a job before reading the key, so a cancel
 * racing a job's start is seen by one or the other.
 */
export function createStopSignals(redis: Redis, prefix: string) {
  const channel = redisKey(prefix, 'jobs', 'cancel');
  const flag = (runId: string) => redisKey(prefix, 'jobs', 'cancelled', runId);

  return {
    async requestCancel(runId: string): Promise<void> {
      await redis.set(flag(runId), '1', 'EX', CANCEL_TTL_SECONDS);
      await redis.publish(channel, runId);
    },
    isCancelled: async (runId: string): Promise<boolean> => (await redis.exists(flag(runId))) === 1,
    clear: async (runId: string): Promise<void> => void (await redis.del(flag(runId))),
    /** Calls `onCancel(runId)` for every cancel published; resolves once subscribed. Returns the closer. */
    async listen(onCancel: (runId: string) => void): Promise<() => Promise<void>> {
      // A subscribed connection can do nothing else: its own connection.
      const sub = redis.duplicate();
      sub.on('error', (err: Error) => redis.emit('error', err));
      sub.on('message', (ch: string, runId: string) => {
        if (ch === channel) onCancel(runId);
      });
      await sub.subscribe(channel);
      return async () => {
        await sub.quit().catch(() => sub.disconnect());
      };
    },
  };
}

export type StopSignals = ReturnType<typeof createStopSignals>;

import type { Config } from '../config.js';
import type { AppLogger } from '../shared/logger.js';
import { sharedRateWindow, tokenFingerprint, type RateWindow } from './intercom/rate-window.js';
import { createRateBudget, keyFingerprint, sharedRateBudget, type RateBudget } from './referral-factory/rate-budget.js';

/** The vendors' rate limits as this deployment keeps them. */
export interface ConfiguredLimits {
  /** 'in-process' (the embedded mode) or 'redis' (shared by every process). */
  kind: 'in-process' | 'redis';
  /** The budget of one RF key: one per key in this process; in the distributed mode its log is every process's. */
  rfBudget(apiKey: string): RateBudget;
  /** Intercom's rate window of one workspace's token. */
  intercomWindow(baseUrl: string, token: string): RateWindow;
  close(): Promise<void>;
}

/** The embedded mode: budgets and windows in this process (one process serves everything). */
export function inProcessLimits(config: Pick<Config, 'rfRate'>): ConfiguredLimits {
  return {
    kind: 'in-process',
    rfBudget: (apiKey) => sharedRateBudget(apiKey, config.rfRate),
    intercomWindow: sharedRateWindow,
    close: async () => {},
  };
}

/** Redis answers a budget's question in well under a millisecond; past this, the call waits and asks again. */
const COMMAND_TIMEOUT_MS = 1000;

/**
 * For the composition roots. In the distributed mode, RF's 600 calls a minute per key hold across
 * every web and worker process: each process keeps one budget per key (its callers queue there by
 * priority), and they all take their slots from one log in Redis (referral-factory/redis-slots.ts),
 * so a card in a web process finds the reserve a worker's sync leaves free. Intercom's windows are
 * shared the same way. Keys: `${REDIS_KEY_PREFIX}:rf-budget:{<sha256 of the key>}:*` and
 * `${REDIS_KEY_PREFIX}:intercom-window:<sha256 of host and token>`; never a key or token itself.
 * In the embedded mode nothing is opened (and ioredis is never loaded).
 */
export async function openConfiguredLimits(config: Config, logger: AppLogger): Promise<ConfiguredLimits> {
  if (!config.distributed) return inProcessLimits(config);
  const { redisUrl, redisKeyPrefix } = config.distributed;
  const [{ openRedis, redisKey }, { redisSlots }, { redisRateWindow }] = await Promise.all([
    import('../shared/redis.js'),
    import('./referral-factory/redis-slots.js'),
    import('./intercom/redis-rate-window.js'),
  ]);
  let down = false;
  const tell = (what: string) => (err: unknown) => {
    if (!down) logger.warn({ redis: redisUrl.describe(), err: err instanceof Error ? err.message : String(err) }, what);
    down = true;
  };
  // A connection of its own: the queue's waits for a reconnect forever (BullMQ needs that); a budget's question times out and is asked again.
  const redis = openRedis(redisUrl.reveal(), tell('Redis does not answer: RF calls wait for it, Intercom windows are followed per process'), {
    maxRetriesPerRequest: 1,
    commandTimeout: COMMAND_TIMEOUT_MS,
    connectionName: 'rf-intercom-limits',
  });
  redis.on('ready', () => void (down = false));
  const budgets = new Map<string, RateBudget>();
  const windows = new Map<string, RateWindow>();
  return {
    kind: 'redis',
    rfBudget(apiKey) {
      const fp = keyFingerprint(apiKey);
      let budget = budgets.get(fp);
      if (!budget) {
        budget = createRateBudget({
          ...config.rfRate,
          slots: (rules) => redisSlots(redis, redisKey(redisKeyPrefix, 'rf-budget', `{${fp}}`), rules),
          onStoreError: tell('Redis does not answer: RF calls wait for it'),
        });
        budgets.set(fp, budget);
      }
      return budget;
    },
    intercomWindow(baseUrl, token) {
      const fp = tokenFingerprint(baseUrl, token);
      let w = windows.get(fp);
      if (!w) {
        w = redisRateWindow(redis, redisKey(redisKeyPrefix, 'intercom-window', fp), tell('Redis does not answer: Intercom windows are followed per process'));
        windows.set(fp, w);
      }
      return w;
    },
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

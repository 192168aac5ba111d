import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import { createRateWindow, exhaustedUntil, MAX_WAIT_MS, type RateWindow } from './rate-window.js';

/**
 * Intercom's window of one app in one workspace, followed by every process of a deployment: a
 * process that reads "none left" from the headers stores the reset under `key` (expiring then),
 * and every process's next call waits for it. Redis not answering costs nothing but this sharing:
 * the local window goes on, and a 429 is still retried (rate-window.ts).
 */
export function redisRateWindow(redis: Redis, key: string, onError: (err: unknown) => void): RateWindow {
  const local = createRateWindow();
  return {
    async waitTurn() {
      let shared = 0;
      try {
        shared = Number((await redis.get(key)) ?? 0);
      } catch (err) {
        onError(err);
      }
      const ms = Math.min(shared - Date.now(), MAX_WAIT_MS);
      if (ms > 0) await sleep(ms);
      await local.waitTurn();
    },
    observe(headers) {
      local.observe(headers);
      const resumeAt = exhaustedUntil(headers);
      if (resumeAt === null) return;
      const ttl = Math.min(Math.max(1, Math.ceil(resumeAt - Date.now())), MAX_WAIT_MS);
      redis.set(key, String(resumeAt), 'PX', ttl).catch(onError);
    },
  };
}

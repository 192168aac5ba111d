import { setTimeout as delay } from 'node:timers/promises';
import { AppError, isAppError } from '../shared/errors.js';
import type { Clock } from './ports.js';
import type { RunWait } from './run-record.js';

// A run's reads that everything after them depends on (a page of contacts, the campaign, the
// campaign's referrers) ride out outages: the adapters' quick retries cover a blip; past them the
// run waits with growing pauses and tries again from where it stands, instead of failing a run
// that saved its position after every page (issue #12, observation 9). Only permanent errors, or
// an outage longer than the limit, fail it.

export type Service = RunWait['service'];

export interface OutagePolicy {
  /** Longest a service may stay unanswering before the run fails (SYNC_OUTAGE_LIMIT_MINUTES). */
  limitMs: number;
  /** First pause; doubled after each failed try, up to `maxWaitMs`. */
  firstWaitMs: number;
  maxWaitMs: number;
}

export const DEFAULT_OUTAGE_LIMIT_MINUTES = 30;
export const DEFAULT_OUTAGE_POLICY: OutagePolicy = { limitMs: DEFAULT_OUTAGE_LIMIT_MINUTES * 60_000, firstWaitMs: 5_000, maxWaitMs: 5 * 60_000 };

/** Pauses `ms`, or rejects as soon as `signal` aborts (Stop, shutdown). */
export type Sleep = (ms: number, signal: AbortSignal) => Promise<void>;
export const realSleep: Sleep = (ms, signal) => delay(ms, undefined, { signal });

/** What may answer later: 5xx, timeouts, network errors, 429s (after the adapters' own retries). */
export const isTransient = (err: unknown): boolean => isAppError(err, 'upstream_unavailable') || isAppError(err, 'upstream_rate_limited');

export const SERVICE_NAMES: Record<Service, string> = { intercom: 'Intercom', referral_factory: 'Referral Factory' };

export interface RideDeps {
  clock: Clock;
  sleep: Sleep;
  policy: OutagePolicy;
  signal: AbortSignal;
  /** Told when the run starts waiting (with when it tries next) and when the service answers again (null). */
  onWait(wait: RunWait | null): Promise<void>;
}

const minutes = (ms: number) => Math.round(ms / 60_000);

/** Calls `call` until it answers, waiting out transient failures as described above. */
export async function ride<T>(deps: RideDeps, service: Service, call: () => Promise<T>): Promise<T> {
  let since: number | null = null;
  let pause = deps.policy.firstWaitMs;
  for (;;) {
    try {
      const value = await call();
      if (since !== null) await deps.onWait(null);
      return value;
    } catch (err) {
      if (!isTransient(err)) throw err;
      const e = err as AppError;
      const now = deps.clock.now();
      since ??= now;
      const left = since + deps.policy.limitMs - now;
      if (left <= 0) {
        throw new AppError(e.code, `${SERVICE_NAMES[service]} did not answer for ${minutes(now - since)} minutes (last: ${e.message})`, { cause: e });
      }
      const wait = Math.max(1_000, Math.min(pause, left));
      await deps.onWait({ service, since, nextTryAt: now + wait, reason: `${e.code}: ${e.message}` });
      await deps.sleep(wait, deps.signal);
      pause = Math.min(pause * 2, deps.policy.maxWaitMs);
    }
  }
}

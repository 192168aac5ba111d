import type { RateDecision } from './rate-limiter.js';

/** One API key's calls as the rate limit saw them. */
export interface KeyCalls {
  /** Calls that reached the rate limit (a valid key), refused ones included. */
  calls: number;
  /** Of them, answered 429. */
  limited: number;
  /** Of them, answered 403 (blocked key). */
  blocked: number;
  /** The most calls (accepted or not) that arrived within one window: what the callers asked for, not what was let through. */
  peakInWindow: number;
}

export interface CallLogReport {
  /** The limiter's window and its limit per key (0 = off). */
  windowMs: number;
  limit: number;
  keys: Record<string, KeyCalls>;
}

/**
 * When every call of every key arrived (after the stand-in's latency, as the limiter sees it), so
 * a test can check what the app asked of each key in any window: with several processes spending
 * one key, "no 429" alone does not say how close they came. 8 bytes a call.
 */
export class CallLog {
  private readonly keys = new Map<string, { times: number[]; limited: number; blocked: number }>();

  record(key: string, at: number, decision: RateDecision): void {
    let k = this.keys.get(key);
    if (!k) this.keys.set(key, (k = { times: [], limited: 0, blocked: 0 }));
    k.times.push(at);
    if (decision === 'limited') k.limited += 1;
    if (decision === 'blocked') k.blocked += 1;
  }

  report(windowMs: number, limit: number): CallLogReport {
    const keys: Record<string, KeyCalls> = {};
    for (const [key, k] of this.keys) keys[key] = { calls: k.times.length, limited: k.limited, blocked: k.blocked, peakInWindow: peak(k.times, windowMs) };
    return { windowMs, limit, keys };
  }

  reset(): void {
    this.keys.clear();
  }
}

/** The most times within any window (t - windowMs, t], as the limiter counts them. */
export function peak(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  let from = 0;
  for (let to = 0; to < sorted.length; to++) {
    while ((sorted[from] as number) <= (sorted[to] as number) - windowMs) from += 1;
    best = Math.max(best, to - from + 1);
  }
  return best;
}

import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import Bottleneck from 'bottleneck';

/**
 * RF allows 600 calls per minute per API key and blocks callers that overrun it repeatedly
 * (https://developers.referral-factory.com/ "API limits"). A budget paces every call made with
 * one key: Bottleneck spaces calls evenly (`minTime` = window / calls), and a sliding log of the
 * last `callsPerWindow` starts makes sure no window of `windowMs` (+ a margin for network jitter)
 * ever holds more than `callsPerWindow` calls, whatever the timers do.
 */
export interface RateBudget {
  readonly callsPerWindow: number;
  readonly windowMs: number;
  /** Waits for a slot, then runs `call`. */
  run<T>(call: () => Promise<T>): Promise<T>;
  /** Holds every call of this key back for `ms` (after a 429: something else spends the key too). */
  pause(ms: number): void;
  /** Calls started so far (for tests and benchmarks). */
  readonly started: number;
}

export interface RateBudgetOptions {
  /** Default 600, RF's documented limit; Infinity turns pacing off. */
  callsPerWindow?: number;
  /** Default 60 000 ms; tests and benchmarks scale it down. */
  windowMs?: number;
  /** Extra spacing of the window against latency jitter; default 2 % of the window, at least 50 ms. */
  marginMs?: number;
}

export function createRateBudget(opts: RateBudgetOptions = {}): RateBudget {
  if (opts.callsPerWindow === Number.POSITIVE_INFINITY) return unpaced(opts.windowMs ?? 60_000);
  const callsPerWindow = Math.max(1, Math.floor(opts.callsPerWindow ?? 600));
  const windowMs = opts.windowMs ?? 60_000;
  const guardMs = windowMs + (opts.marginMs ?? Math.max(50, windowMs * 0.02));
  const limiter = new Bottleneck({ maxConcurrent: 1, minTime: Math.ceil(guardMs / callsPerWindow) });
  const starts = new Float64Array(callsPerWindow);
  let count = 0;
  let pausedUntil = 0;

  // Runs one at a time (maxConcurrent 1), so reading and writing the log is never interleaved.
  const takeSlot = async (): Promise<void> => {
    const paused = pausedUntil - performance.now();
    if (paused > 0) await sleep(paused);
    const slot = count % callsPerWindow;
    if (count >= callsPerWindow) {
      const wait = (starts[slot] as number) + guardMs - performance.now();
      if (wait > 0) await sleep(wait);
    }
    starts[slot] = performance.now();
    count += 1;
  };

  return {
    callsPerWindow,
    windowMs,
    get started() {
      return count;
    },
    pause: (ms) => {
      pausedUntil = Math.max(pausedUntil, performance.now() + ms);
    },
    run: async (call) => {
      await limiter.schedule(takeSlot);
      return call();
    },
  };
}

/** No pacing at all (benchmarks with the stand-in's limit off). */
function unpaced(windowMs: number): RateBudget {
  let started = 0;
  return {
    callsPerWindow: Number.POSITIVE_INFINITY,
    windowMs,
    get started() {
      return started;
    },
    pause: () => undefined,
    run: (call) => {
      started += 1;
      return call();
    },
  };
}

const shared = new Map<string, RateBudget>();

/** Identifies a key without holding it: the registry never stores the key itself. */
export const keyFingerprint = (apiKey: string): string => createHash('sha256').update(apiKey).digest('hex').slice(0, 16);

/**
 * The one budget of this API key in the process, shared by every client and every concurrent
 * run. Options apply when the key's budget is first created.
 */
export function sharedRateBudget(apiKey: string, opts: RateBudgetOptions = {}): RateBudget {
  const id = keyFingerprint(apiKey);
  let budget = shared.get(id);
  if (!budget) {
    budget = createRateBudget(opts);
    shared.set(id, budget);
  }
  return budget;
}

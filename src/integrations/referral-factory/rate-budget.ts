import { createHash } from 'node:crypto';
import type { CallPriority } from '../../sync/ports.js';
import { memorySlots, slotRules, type SlotRules, type SlotStore } from './budget-slots.js';

const CLASSES: readonly CallPriority[] = ['interactive', 'events', 'bulk'];
const RANK: Readonly<Record<CallPriority, number>> = { interactive: 0, events: 1, bulk: 2 };

/**
 * RF allows 600 calls per minute per API key and blocks callers that overrun it repeatedly
 * (https://developers.referral-factory.com/ "API limits"). A budget holds every call made with one
 * key to that: a slot store (budget-slots.ts; in memory, or in Redis for every process) says when a
 * call may start. People's calls (`interactive`) ask it at once; the others one caller at a time,
 * the more urgent first and giving way to a more urgent one, so a card's call goes ahead of every
 * bulk call a sync has queued in this process (and the store's headroom and forecast keep slots
 * free for it against other processes' syncs).
 */
export interface RateBudget {
  readonly callsPerWindow: number;
  readonly windowMs: number;
  /** Waits for a slot of the class (default `bulk`), then runs `call`. */
  run<T>(call: () => Promise<T>, priority?: CallPriority): Promise<T>;
  /** Holds every call of this key back for `ms` (after a 429: something else spends the key too). */
  pause(ms: number): void;
  /** Calls started so far in this process (for tests and benchmarks). */
  readonly started: number;
}

export interface RateBudgetOptions {
  /** Default 600, RF's documented limit; Infinity turns pacing off. */
  callsPerWindow?: number;
  /** Default 60 000 ms; tests and benchmarks scale it down. */
  windowMs?: number;
  /** Extra spacing of the window against latency jitter; default 2 % of the window, at least 50 ms. */
  marginMs?: number;
  /** Slots a sync leaves free for people in the inbox; default 5 % of the limit. */
  reserve?: number;
  /** Where the log of starts lives; default this process's memory. */
  slots?: (rules: SlotRules) => SlotStore;
  /** A slot store that cannot answer (Redis down): calls wait and ask again; told once per outage. */
  onStoreError?: (err: unknown) => void;
}

/** How long a call waits before asking a store that failed again. */
const STORE_RETRY_MS = 1000;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * One holder at a time, the most urgent waiter next (first come first served within a class).
 * Promises only, no timers: Bottleneck's queue costs several timer turns per call (20–50 ms each
 * on a loaded machine), which every card would pay.
 */
function priorityTurns() {
  const waiting: Record<CallPriority, Array<() => void>> = { interactive: [], events: [], bulk: [] };
  const arrivals = new Set<(p: CallPriority) => void>();
  let held = false;
  const handOver = () => {
    for (const c of CLASSES) {
      const next = waiting[c].shift();
      if (next) return next();
    }
    held = false;
  };
  return {
    take(p: CallPriority): Promise<void> {
      for (const wake of arrivals) wake(p);
      if (!held) return (held = true), Promise.resolve();
      return new Promise<void>((resolve) => void waiting[p].push(resolve));
    },
    /** Lets a more urgent waiter go first; this holder gets its turn back before others of its class. */
    giveWay(p: CallPriority): Promise<void> {
      const back = new Promise<void>((resolve) => void waiting[p].unshift(resolve));
      handOver();
      return back;
    },
    release: handOver,
    moreUrgentWaits: (p: CallPriority) => CLASSES.some((c) => RANK[c] < RANK[p] && waiting[c].length > 0),
    /** Until `ms` pass or a more urgent caller arrives. */
    pauseFor: (ms: number, p: CallPriority) => new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        arrivals.delete(onArrival);
        resolve();
      };
      const onArrival = (c: CallPriority) => void (RANK[c] < RANK[p] && done());
      const timer = setTimeout(done, ms);
      arrivals.add(onArrival);
    }),
  };
}

export function createRateBudget(opts: RateBudgetOptions = {}): RateBudget {
  if (opts.callsPerWindow === Number.POSITIVE_INFINITY) return unpaced(opts.windowMs ?? 60_000);
  const rules = slotRules({ callsPerWindow: opts.callsPerWindow ?? 600, windowMs: opts.windowMs ?? 60_000, ...(opts.marginMs === undefined ? {} : { marginMs: opts.marginMs }), ...(opts.reserve === undefined ? {} : { reserve: opts.reserve }) });
  const slots = (opts.slots ?? memorySlots)(rules);
  const turns = priorityTurns();
  let count = 0;
  let storeDown = false;

  const ask = async (p: CallPriority): Promise<number> => {
    try {
      const wait = await slots.take(p);
      storeDown = false;
      return wait;
    } catch (err) {
      if (!storeDown) opts.onStoreError?.(err);
      storeDown = true;
      return STORE_RETRY_MS;
    }
  };

  return {
    callsPerWindow: rules.limit,
    windowMs: opts.windowMs ?? 60_000,
    get started() {
      return count;
    },
    pause: (ms) => {
      slots.pause(ms).catch((err: unknown) => opts.onStoreError?.(err));
    },
    run: async (call, priority = 'bulk') => {
      if (priority === 'interactive') {
        // People ask the store at once, not one after another: nothing ranks above them, the store
        // decides each slot atomically, and in Redis a Preview's ten lookups would otherwise wait
        // ten round trips. They wait only for a full window.
        for (let wait = await ask(priority); wait > 0; wait = await ask(priority)) await sleep(wait);
      } else {
        await turns.take(priority);
        try {
          for (;;) {
            if (turns.moreUrgentWaits(priority)) {
              await turns.giveWay(priority);
              continue;
            }
            const wait = await ask(priority);
            if (wait <= 0) break;
            await turns.pauseFor(wait, priority);
          }
        } finally {
          turns.release();
        }
      }
      count += 1;
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

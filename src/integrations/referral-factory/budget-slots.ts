import type { CallPriority } from '../../sync/ports.js';

/**
 * The rules every holder of one key's budget follows, in this process or (with Redis) in any other.
 *
 * A sliding log of call starts: no `guardMs` (the window plus a margin for network jitter) ever
 * holds more than `limit` starts, so RF's "600 calls per minute" holds in every minute, not only
 * in clock-aligned ones. Within that, the classes differ:
 * - `interactive` (a person waits in the inbox) may fill the log to the limit, at once;
 * - `events` (webhook work) leaves half the reserve free and is spaced evenly;
 * - `bulk` (a sync run) leaves the whole reserve free and is spaced evenly (`spacingMs` = guard / limit).
 * So a running sync never takes the last slots of a window, and a card opened meanwhile finds one
 * free instead of waiting behind the sync's queue.
 */
export interface SlotRules {
  limit: number;
  guardMs: number;
  spacingMs: number;
  /** Slots a class leaves free for the classes above it. */
  headroom: Readonly<Record<CallPriority, number>>;
}

export function slotRules(opts: { callsPerWindow: number; windowMs: number; marginMs?: number; reserve?: number }): SlotRules {
  const limit = Math.max(1, Math.floor(opts.callsPerWindow));
  const guardMs = opts.windowMs + (opts.marginMs ?? Math.max(50, opts.windowMs * 0.02));
  // 5 % of RF's 600 (30 calls a minute) covers several cards, a preview and an enrolment at once.
  const reserve = Math.min(limit - 1, Math.max(0, Math.round(opts.reserve ?? Math.max(1, limit * 0.05))));
  return { limit, guardMs, spacingMs: Math.ceil(guardMs / limit), headroom: { interactive: 0, events: Math.ceil(reserve / 2), bulk: reserve } };
}

/** Where the log lives: this process (embedded mode) or Redis (every process of a deployment). */
export interface SlotStore {
  /** Takes a slot for a call of `priority` now (0), or says how many ms to wait before asking again. */
  take(priority: CallPriority): Promise<number>;
  /** Holds every call of the key back for `ms` (after a 429). */
  pause(ms: number): Promise<void>;
}

/** The log in this process's memory. */
export function memorySlots(rules: SlotRules, now: () => number = () => performance.now()): SlotStore {
  const starts: number[] = [];
  let head = 0;
  let lastSpaced = Number.NEGATIVE_INFINITY;
  let pausedUntil = 0;
  return {
    async take(priority) {
      const t = now();
      if (pausedUntil > t) return pausedUntil - t;
      while (head < starts.length && (starts[head] as number) <= t - rules.guardMs) head += 1;
      if (head > 1024) starts.splice(0, head), (head = 0);
      const inWindow = starts.length - head;
      const allowed = rules.limit - rules.headroom[priority];
      // Wait for the start that has to leave the window before this class fits again.
      if (inWindow >= allowed) return Math.max(1, (starts[head + inWindow - allowed] as number) + rules.guardMs - t);
      if (priority !== 'interactive') {
        if (lastSpaced + rules.spacingMs > t) return lastSpaced + rules.spacingMs - t;
        lastSpaced = t;
      }
      starts.push(t);
      return 0;
    },
    async pause(ms) {
      pausedUntil = Math.max(pausedUntil, now() + ms);
    },
  };
}

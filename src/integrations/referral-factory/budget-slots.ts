import type { CallPriority } from '../../sync/ports.js';
import { peopleForecast, peoplePace, slotsForPeople, type PeopleForecast } from './slot-forecast.js';

/**
 * The rules every holder of one key's budget follows, in this process or (with Redis) in any other.
 *
 * A sliding log of call starts: no `guardMs` (the window plus a margin for network jitter) ever
 * holds more than `limit` starts, so RF's "600 calls per minute" holds in every minute, not only
 * in clock-aligned ones. Within that, the classes differ:
 * - `interactive` (a person waits in the inbox) may fill the log to the limit, at once;
 * - `events` (webhook work) leaves half the reserve free and is spaced evenly;
 * - `bulk` (a sync run) leaves the whole reserve free and is spaced evenly (`spacingMs` = guard / limit);
 * - both keep their spacing on a schedule: a call that starts late (its wait's timer fired late on a
 *   busy loop) takes the slot it was due at, so the next is due a spacing after that, not after the
 *   late start. Spaced from actual starts, every late timer turn was lost for good (issue #15: 3-5 %
 *   of RF's bound with the loop busy). At most one spacing is made up, so after a lull two calls
 *   may start together, never more; the log above still holds every window to the limit;
 * - both also leave free what people in the inbox will ask for before the window's calls leave it,
 *   at the pace they called lately (slot-forecast.ts).
 * So a running sync never takes the last slots of a window, nor the ones people will need before
 * the window refills, and a card opened meanwhile finds one free instead of waiting behind the sync.
 */
export interface SlotRules {
  limit: number;
  guardMs: number;
  spacingMs: number;
  /** Slots a class leaves free for the classes above it. */
  headroom: Readonly<Record<CallPriority, number>>;
  /** What `events` and `bulk` expect interactive calls to ask for. */
  forecast: PeopleForecast;
}

export function slotRules(opts: { callsPerWindow: number; windowMs: number; marginMs?: number; reserve?: number }): SlotRules {
  const limit = Math.max(1, Math.floor(opts.callsPerWindow));
  const guardMs = opts.windowMs + (opts.marginMs ?? Math.max(50, opts.windowMs * 0.02));
  // 5 % of RF's 600 (30 calls a minute) covers several cards, a preview and an enrolment at once.
  const reserve = Math.min(limit - 1, Math.max(0, Math.round(opts.reserve ?? Math.max(1, limit * 0.05))));
  return {
    limit, guardMs, spacingMs: Math.ceil(guardMs / limit),
    headroom: { interactive: 0, events: Math.ceil(reserve / 2), bulk: reserve },
    forecast: peopleForecast(limit, guardMs),
  };
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
  const log = windowLog(rules.guardMs);
  const people = windowLog(rules.guardMs);
  let lastSpaced = Number.NEGATIVE_INFINITY;
  let pausedUntil = 0;
  return {
    async take(priority) {
      const t = now();
      if (pausedUntil > t) return pausedUntil - t;
      log.trim(t);
      people.trim(t);
      const inWindow = log.size();
      const allowed = rules.limit - rules.headroom[priority];
      // Wait for the start that has to leave the window before this class fits again.
      if (inWindow >= allowed) return Math.max(1, log.at(inWindow - allowed) + rules.guardMs - t);
      if (priority !== 'interactive') {
        const pace = peoplePace(people.starts, people.head, t, rules.forecast);
        const short = inWindow + 1 + slotsForPeople(log.starts, log.head, t, rules.guardMs, pace) - allowed;
        // People's need shrinks as the window's exits come closer: ask again once it has by the slots missing.
        if (short > 0) return Math.min(rules.guardMs, Math.max(1, Math.ceil(short / pace)));
        const due = lastSpaced + rules.spacingMs;
        if (due > t) return due - t;
        lastSpaced = Math.max(due, t - rules.spacingMs);
      } else people.push(t);
      log.push(t);
      return 0;
    },
    async pause(ms) {
      pausedUntil = Math.max(pausedUntil, now() + ms);
    },
  };
}

/** Starts within the last `guardMs`, oldest first (`starts` from `head`; the array is compacted now and then). */
function windowLog(guardMs: number) {
  const self = {
    starts: [] as number[],
    head: 0,
    trim(t: number) {
      while (self.head < self.starts.length && (self.starts[self.head] as number) <= t - guardMs) self.head += 1;
      if (self.head > 1024) self.starts.splice(0, self.head), (self.head = 0);
    },
    size: () => self.starts.length - self.head,
    at: (i: number) => self.starts[self.head + i] as number,
    push: (t: number) => void self.starts.push(t),
  };
  return self;
}

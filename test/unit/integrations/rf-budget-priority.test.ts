import { describe, expect, it } from 'vitest';
import { memorySlots, slotRules } from '../../../src/integrations/referral-factory/budget-slots.js';
import { createRateBudget } from '../../../src/integrations/referral-factory/rate-budget.js';
import type { CallPriority } from '../../../src/sync/ports.js';

// RF's 600 calls / 60 s scaled down; the same rules at any scale (budget-slots.ts).
const maxInAnyWindow = (starts: number[], windowMs: number) =>
  Math.max(...starts.map((t) => starts.filter((u) => u >= t && u < t + windowMs).length));

describe('rate budget priorities', () => {
  it('when 30 bulk calls are queued and an interactive call comes after them, then it starts before every bulk call still queued', async () => {
    const budget = createRateBudget({ callsPerWindow: 10, windowMs: 400, marginMs: 20 });
    const order: string[] = [];
    const bulk = Array.from({ length: 30 }, (_, i) => budget.run(async () => void order.push(`bulk${i}`), 'bulk'));
    await new Promise((r) => setTimeout(r, 60));
    const startedBefore = order.length;
    await budget.run(async () => void order.push('interactive'), 'interactive');
    // At most the bulk call already holding the queue went in between.
    expect(order.indexOf('interactive')).toBeLessThanOrEqual(startedBefore + 1);
    expect(order.length).toBeLessThan(30);
    await Promise.all(bulk);
  });

  it('when a sync has used its share of the window, then interactive calls start at once from the reserve', async () => {
    const budget = createRateBudget({ callsPerWindow: 20, windowMs: 400, marginMs: 20, reserve: 4 });
    const bulk = Array.from({ length: 40 }, () => budget.run(async () => undefined, 'bulk'));
    // Bulk calls are spaced (~21 ms) until they hold their 16 slots of the window; the rest wait for the oldest to leave it.
    while (budget.started < 16) await new Promise((r) => setTimeout(r, 5));
    const t0 = performance.now();
    const starts = await Promise.all(Array.from({ length: 4 }, () => budget.run(async () => performance.now(), 'interactive')));
    expect(Math.max(...starts) - t0).toBeLessThan(60);
    await Promise.all(bulk);
  });

  it('when the three classes mix at random, then no window ever holds more than the limit and every call runs', async () => {
    const budget = createRateBudget({ callsPerWindow: 12, windowMs: 300, marginMs: 20, reserve: 4 });
    const classes: CallPriority[] = ['interactive', 'events', 'bulk'];
    const starts: number[] = [];
    await Promise.all(Array.from({ length: 60 }, (_, i) => budget.run(async () => void starts.push(performance.now()), classes[(i * 7) % 3])));
    expect(starts).toHaveLength(60);
    expect(maxInAnyWindow(starts, 300)).toBeLessThanOrEqual(12);
  });

  it('when events and bulk calls wait together, then the events go first', async () => {
    const budget = createRateBudget({ callsPerWindow: 10, windowMs: 300, marginMs: 20 });
    const order: CallPriority[] = [];
    const calls = [
      ...Array.from({ length: 10 }, () => budget.run(async () => void order.push('bulk'), 'bulk')),
      ...Array.from({ length: 3 }, () => budget.run(async () => void order.push('events'), 'events')),
    ];
    await Promise.all(calls);
    // Asked at the same moment (the first bulk call even came first): the events take the first slots.
    expect(order.slice(0, 3)).toEqual(['events', 'events', 'events']);
    expect(order).toHaveLength(13);
  });

  it('when spaced calls start late, then the next keeps the schedule, but at most one spacing is made up however late they were', async () => {
    // 10 calls per 1 s: spaced 100 ms; the slot store on a clock the test sets (a timer's lateness, exactly).
    let clock = 0;
    const slots = memorySlots(slotRules({ callsPerWindow: 10, windowMs: 1000, marginMs: 0, reserve: 0 }), () => clock);
    expect(await slots.take('bulk')).toBe(0);
    // The first call takes slot 0 of its schedule; after a lull one spacing is made up, so the second may go at once.
    expect(await slots.take('bulk')).toBe(0);
    expect(await slots.take('bulk')).toBe(100);
    // Its timer fires 30 ms late: the call takes the slot it was due at (100), the next is due at 200, not 230.
    clock = 130;
    expect(await slots.take('events')).toBe(0);
    expect(await slots.take('bulk')).toBe(70);
    // 250 ms late: only one spacing is made up (one call at once), never a burst.
    clock = 450;
    expect(await slots.take('bulk')).toBe(0);
    expect(await slots.take('bulk')).toBe(0);
    expect(await slots.take('bulk')).toBe(100);
  });
});

import type { ReferralDirectory } from '../../src/sync/ports.js';

// Issue #13's inbox during a sync, scaled down: a sync keeps calls queued on a key all the time,
// while agents open cards (one RF read each) at a steady pace and an admin's Preview sends a few
// lookups at once, together about a third of the key, as the latency bench's team does. Every call
// is a real read from the RF stand-in; a person's wait is from asking to the request leaving for RF
// (the budget's part, without the machine's: a loaded CI machine adds its own to the answer).

export interface PeopleLoad {
  /** The sync's client (bulk) on the key, and a person's (interactive) on the same budget, sending with `fetch`. */
  sync: ReferralDirectory;
  people: (fetch: typeof globalThis.fetch) => ReferralDirectory;
  campaignId: number;
  durationMs: number;
  cardEveryMs: number;
  previewEveryMs: number;
  previewLookups: number;
  /** People stop after this (default: at `durationMs`); the sync goes on. */
  peopleForMs?: number;
  /** Bulk calls the sync keeps queued. */
  syncQueue?: number;
  /** The sync stops calling RF for `ms` every `everyMs` (reading Intercom's next page, writing back): a lull in the window one window later. */
  syncPauses?: { everyMs: number; ms: number };
}

export interface PeopleReport {
  /** Each person's call, from asking to the request leaving for RF, in ms. */
  waitsMs: number[];
  /** When each of the sync's calls answered (performance.now()). */
  syncDone: number[];
  failures: string[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function peopleDuringSync(o: PeopleLoad): Promise<PeopleReport> {
  const t0 = performance.now();
  const until = t0 + o.durationMs;
  const peopleUntil = t0 + (o.peopleForMs ?? o.durationMs);
  const waitsMs: number[] = [];
  const failures: string[] = [];
  const syncDone: number[] = [];
  let n = 0;
  const note = (err: unknown) => void failures.push(`${(err as { code?: string }).code}: ${(err as Error).message}`);
  const person = async () => {
    const asked = performance.now();
    const client = o.people((input, init) => (waitsMs.push(performance.now() - asked), fetch(input, init)));
    await client.findReferrerByEmail(o.campaignId, `person-${(n += 1)}@example.com`).catch(note);
  };
  const every = async (ms: number, calls: number) => {
    const pending: Promise<void>[] = [];
    for (let next = t0; next < peopleUntil; next += ms) {
      await sleep(Math.max(0, next - performance.now()));
      pending.push(...Array.from({ length: calls }, person));
    }
    await Promise.all(pending);
  };
  const paused = (t: number) => (o.syncPauses ? ((t - t0) % o.syncPauses.everyMs) >= o.syncPauses.everyMs - o.syncPauses.ms : false);
  const syncLoop = async () => {
    while (performance.now() < until) {
      if (paused(performance.now())) {
        await sleep(10);
        continue;
      }
      await o.sync.pageReferrers(o.campaignId, { page: 1, perPage: 1 }).then(() => void syncDone.push(performance.now()), note);
    }
  };
  await Promise.all([
    ...Array.from({ length: o.syncQueue ?? 8 }, syncLoop),
    every(o.cardEveryMs, 1),
    every(o.previewEveryMs, o.previewLookups),
  ]);
  return { waitsMs, syncDone, failures };
}

/** The most of `times` within any `windowMs`. */
export const mostWithin = (times: readonly number[], windowMs: number): number =>
  Math.max(0, ...times.map((t) => times.filter((u) => u >= t && u < t + windowMs).length));

export const slowest = (ms: readonly number[]): number => Math.round(Math.max(...ms));

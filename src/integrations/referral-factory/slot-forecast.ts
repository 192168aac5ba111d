/**
 * How many slots of a key's window a sync (or webhook work) leaves free for the people in the inbox,
 * beyond the fixed reserve: what they will ask for, at the pace they called RF lately, before the
 * calls now in the window leave it.
 *
 * A fixed reserve (5 % of RF's 600 a minute) is spent within seconds by a team that opens cards and
 * previews at 170 calls a minute; then each card waited for a call to leave RF's sliding window,
 * like the sync's own calls (issue #13: p99 2.5 s for a card, 4.6 s for a Preview). A reserve as
 * large as that demand would cost the sync its share even while the window refills steadily, which
 * is most of the time: the slots a card needs in ten seconds are the ones leaving the window in the
 * next ten. So the sync checks the future instead: at each moment τ ahead, until a whole window
 * has passed, the calls now in the window that are still there plus what people will ask for by τ
 * (their recent pace × τ, with a margin) must leave a slot free. With a window that refills
 * steadily this costs the sync nothing beyond the calls people make; it holds the sync back only
 * before a lull in the window's exits (the first minute of a sync, or a minute after a pause), so
 * people never run into a full window there.
 *
 * The Redis script of redis-slots.ts follows the same arithmetic; keep the two in step.
 */
export interface PeopleForecast {
  /** Margin on the pace people called at lately (bursts, a second agent). */
  factor: number;
  /** The pace assumed is at most this (calls per ms): a sync always keeps half of the key. */
  maxPerMs: number;
  /** A pace is measured over at least this span, so one card is not read as a stampede. */
  minSpanMs: number;
}

export function peopleForecast(limit: number, guardMs: number): PeopleForecast {
  return { factor: 1.5, maxPerMs: (0.5 * limit) / guardMs, minSpanMs: guardMs / 6 };
}

/** Calls per ms people are expected to make: their starts in the window (`people`, from `head`) over the span they cover. */
export function peoplePace(people: readonly number[], head: number, t: number, f: PeopleForecast): number {
  const count = people.length - head;
  if (count <= 0) return 0;
  const span = Math.max(f.minSpanMs, t - (people[head] as number));
  return Math.min((f.factor * count) / span, f.maxPerMs);
}

/**
 * Slots to keep free now for people at `pace`: before the i-th oldest start (from `head`) leaves the
 * window, i starts have left and people have made pace × τ calls; after all have left, pace × window.
 */
export function slotsForPeople(starts: readonly number[], head: number, t: number, guardMs: number, pace: number): number {
  if (pace <= 0) return 0;
  const n = starts.length - head;
  let need = pace * guardMs - n;
  for (let i = 0; i < n; i += 1) need = Math.max(need, pace * ((starts[head + i] as number) + guardMs - t) - i);
  return Math.max(0, Math.ceil(need));
}

import { z } from 'zod';

/**
 * Where a run stands, stored as the opaque `syncState.inFlight.cursor` so a restart resumes it:
 * the phase, the Intercom page cursor within it, and for retries the offset into the id list.
 */
export const RunPositionSchema = z.object({
  phase: z.enum(['contacts', 'retry', 'refresh', 'done']),
  cursor: z.string().nullable(),
  offset: z.number().int().nonnegative().default(0),
});
export type RunPosition = z.infer<typeof RunPositionSchema>;

export const encodePosition = (p: RunPosition): string => JSON.stringify(p);

export function decodePosition(raw: string | null | undefined, fallback: RunPosition): RunPosition {
  if (!raw) return fallback;
  try {
    const parsed = RunPositionSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : fallback;
  } catch {
    return fallback;
  }
}

/**
 * The audience query's lower bound for an incremental run. Intercom's stable versions compare
 * `updated_at >` by calendar day in the workspace's timezone (reference/intercom-api.md §1.3):
 * `> T` matches from the start of the day after T's. One day plus an hour back (a 25-hour DST
 * day) puts T in the day before the checkpoint's day, so the whole checkpoint day is returned;
 * contacts not updated after the checkpoint are then dropped client-side.
 */
export const LOOK_BACK_SECONDS = 86_400 + 3_600;
export const incrementalBound = (checkpoint: number | null): number | null => (checkpoint === null ? null : checkpoint - LOOK_BACK_SECONDS);

/** Margin for clock skew between us and Intercom, under every checkpoint. */
export const CLOCK_SKEW_SECONDS = 60;

/**
 * Default look-back for Intercom's search-index delay (SYNC_INDEX_LAG_MINUTES). Intercom documents
 * that new or updated contacts may not be searchable for "a few minutes" (OpenAPI 2.14,
 * POST /contacts/search); 15 minutes is several times that.
 */
export const DEFAULT_INDEX_LAG_MINUTES = 15;

/**
 * The checkpoint a completed run leaves (unix seconds): its start, minus the index delay and the
 * clock skew. A contact changed shortly before the run started may be missing from its search (not
 * indexed yet); it is then newer than this checkpoint, so the next run reads it. Contacts inside the
 * window are read twice, which costs no RF call (the run holds the campaign's referrers).
 */
export const nextCheckpoint = (startedAtMs: number, indexLagSeconds: number): number =>
  Math.floor(startedAtMs / 1000) - indexLagSeconds - CLOCK_SKEW_SECONDS;

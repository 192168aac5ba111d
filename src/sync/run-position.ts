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

/** Margin under the run's start for the next checkpoint: tolerates clock skew between us and Intercom. */
export const CHECKPOINT_MARGIN_SECONDS = 60;

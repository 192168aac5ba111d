import { z } from 'zod';

/** Contacts that failed last time and are retried by the next run: at most this many are kept. */
export const MAX_RETRY_IDS = 1000;

/** Where an unfinished run stands, so a restart resumes it instead of starting over. */
export const RunCheckpointSchema = z.object({
  runId: z.string(),
  cursor: z.string().nullable(),
  pageStartedAt: z.number().int().nullable(),
});

/** One sync's scheduling and resume state (never anything per contact beyond the bounded retry list). */
export const SyncStateSchema = z.object({
  /** Lower bound (unix seconds) for the next incremental run; moves only when a run completes. */
  updatedSince: z.number().int().nullable(),
  lastCompletedAt: z.number().int().nullable(),
  nextRunAt: z.number().int().nullable(),
  /** Contacts that failed last time, retried by the next run. Bounded. */
  retryContactIds: z.array(z.string()).max(MAX_RETRY_IDS),
  inFlight: RunCheckpointSchema.nullable(),
  /**
   * `definitionKey` of the settings the checkpoint was reached with (audience, campaign, mappings):
   * when the definition no longer has this key, the checkpoint says nothing about the new audience
   * and the next run is a full one. Absent in stores written before it existed (reads as null).
   */
  checkpointKey: z.string().nullable().default(null),
  /** Start (ms) of the last completed full run: ongoing syncs reconcile in full once it is old enough. */
  lastFullAt: z.number().int().nullable().default(null),
  /** When the sync's last run failed (ms); null once a run completes. The card tells app admins (issue #13). */
  lastFailedAt: z.number().int().nullable().default(null),
});
export type SyncState = z.infer<typeof SyncStateSchema>;

export const emptyState = (): SyncState => ({
  updatedSince: null, lastCompletedAt: null, nextRunAt: null, retryContactIds: [], inFlight: null, checkpointKey: null, lastFullAt: null, lastFailedAt: null,
});

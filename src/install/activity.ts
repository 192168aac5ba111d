import { z } from 'zod';

// The activity list app admins read in the app settings: who changed what, and when. Settings
// changes only (installs, app admins, the RF connection, syncs), never contacts or secrets.

export const ActivityKindSchema = z.enum([
  'installed',
  'reinstalled',
  'admin_added',
  'admin_removed',
  'rf_connected',
  'rf_disconnected',
  'rf_webhook_rotated',
  'segment_syncs_opened',
  'segment_syncs_limited',
  'sync_created',
  'sync_edited',
  'sync_paused',
  'sync_resumed',
  'sync_deleted',
]);
export type ActivityKind = z.infer<typeof ActivityKindSchema>;

export const ActivityEntrySchema = z.object({
  /** Milliseconds since the epoch. */
  at: z.number().int(),
  kind: ActivityKindSchema,
  /** The Intercom admin who did it; null for the operator (private-app token, command line). */
  by: z.string().max(200).nullable(),
  /** What it was done to: a teammate's admin id, a sync's campaign. */
  subject: z.string().max(200).optional(),
});
export type ActivityEntry = z.infer<typeof ActivityEntrySchema>;

/** Entries kept per workspace, newest first; older ones are dropped as new ones come. */
export const MAX_ACTIVITY_PER_WORKSPACE = 100;

/** Storage port of the activity list (src/store/* adapters implement it). */
export interface ActivityRepository {
  /** Adds an entry and drops the workspace's oldest beyond MAX_ACTIVITY_PER_WORKSPACE. */
  append(workspaceId: string, entry: ActivityEntry): Promise<void>;
  /** The workspace's newest entries first, at most `limit`. */
  listRecent(workspaceId: string, limit: number): Promise<ActivityEntry[]>;
  /** Uninstall: the workspace's list goes with its other data. */
  deleteByWorkspace(workspaceId: string): Promise<void>;
}

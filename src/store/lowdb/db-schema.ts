import { z } from 'zod';
import { IncomingEventSchema } from '../../events/incoming-event.js';
import { ActivityEntrySchema } from '../../install/activity.js';
import { InstallationSchema } from '../../install/installation.js';
import { SyncDefinitionSchema } from '../../sync/definition.js';
import { SyncRunSchema } from '../../sync/run-record.js';
import { SyncStateSchema } from '../../sync/sync-state.js';

// The embedded store's one JSON document. The domain schemas belong to their modules; this file
// only says how they are laid out in the file.

export const DB_VERSION = 1;

export const DbFileSchema = z.object({
  version: z.literal(DB_VERSION),
  installations: z.record(z.string(), InstallationSchema),
  syncs: z.record(z.string(), SyncDefinitionSchema),
  syncState: z.record(z.string(), SyncStateSchema),
  /** Bounded history: newest last, at most MAX_RUNS_PER_SYNC per sync. */
  runs: z.record(z.string(), z.array(SyncRunSchema)),
  /** Single-use tokens (OAuth state, setup links): jti → expiry (unix seconds). Pruned on write. */
  usedTokens: z.record(z.string(), z.number().int()),
  /** Settings changes per workspace, newest first, bounded (src/install/activity.ts). Absent in files written before it. */
  activity: z.record(z.string(), z.array(ActivityEntrySchema)).default({}),
  /** Incoming events by id (src/events/incoming-event.ts), bounded. Absent in files written before them. */
  events: z.record(z.string(), IncomingEventSchema).default({}),
  /** Intercom contacts for RF-page joiners, by workspace and RF user id (src/sync/joiner-contacts.ts). Absent in files written before them. */
  joinerContacts: z.record(z.string(), z.record(z.string(), z.object({ contactId: z.string().nullable(), claimedAt: z.number().int() }))).default({}),
});
export type DbFile = z.infer<typeof DbFileSchema>;

export const emptyDb = (): DbFile => ({
  version: DB_VERSION,
  installations: {},
  syncs: {},
  syncState: {},
  runs: {},
  usedTokens: {},
  activity: {},
  events: {},
  joinerContacts: {},
});

import { z } from 'zod';
import { PickerStateSchema } from '../wizard/state.js';

/** A teammate's segment sync, carried in stored_data and parsed on every submit. */
export const SegmentSyncStateSchema = z.object({
  v: z.literal(1),
  flow: z.literal('segment'),
  workspaceId: z.string().min(1),
  step: z.enum(['campaign', 'choose', 'confirm', 'progress']),
  /** The sync whose campaign and mapping the run uses (checked against the workspace's syncs on use). */
  syncId: z.string().min(1).max(100).optional(),
  picker: PickerStateSchema,
  segmentName: z.string().max(200).optional(),
  runId: z.string().min(1).max(100).optional(),
  /** The sync whose status opened this (an app admin's Sync a segment there): where Back from the first step returns. */
  fromSync: z.string().min(1).max(100).optional(),
});
export type SegmentSyncState = z.infer<typeof SegmentSyncStateSchema>;

/** Starts at the campaign choice when there are several syncs, else at the segment with the only one. */
export const newSegmentSyncState = (workspaceId: string, syncIds: readonly string[], fromSync?: string): SegmentSyncState => ({
  ...(syncIds.length > 1
    ? { v: 1, flow: 'segment', workspaceId, step: 'campaign', picker: { filter: '', page: 0 } }
    : { v: 1, flow: 'segment', workspaceId, step: 'choose', picker: { filter: '', page: 0 }, ...(syncIds[0] ? { syncId: syncIds[0] } : {}) }),
  ...(fromSync ? { fromSync } : {}),
});

/** A status screen's stored_data: the sync it shows (Sync a segment opened there returns to it). */
export const StatusOriginSchema = z.object({ flow: z.literal('status'), syncId: z.string().min(1).max(100) });

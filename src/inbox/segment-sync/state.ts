import { z } from 'zod';
import { PickerStateSchema } from '../wizard/state.js';

/** A teammate's segment sync, carried in stored_data and parsed on every submit. */
export const SegmentSyncStateSchema = z.object({
  v: z.literal(1),
  flow: z.literal('segment'),
  workspaceId: z.string().min(1),
  step: z.enum(['choose', 'confirm', 'progress']),
  picker: PickerStateSchema,
  segmentName: z.string().max(200).optional(),
  runId: z.string().min(1).max(100).optional(),
});
export type SegmentSyncState = z.infer<typeof SegmentSyncStateSchema>;

export const newSegmentSyncState = (workspaceId: string): SegmentSyncState =>
  ({ v: 1, flow: 'segment', workspaceId, step: 'choose', picker: { filter: '', page: 0 } });

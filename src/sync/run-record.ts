import { z } from 'zod';
import { SyncDefinitionSchema } from './definition.js';

export const RunStatusSchema = z.enum([
  'queued',
  'running',
  'succeeded',
  'finished_with_errors',
  'failed',
  'cancelled',
]);
export type RunStatus = z.infer<typeof RunStatusSchema>;

export const OutcomeKindSchema = z.enum(['created', 'linked', 'updated', 'unchanged', 'skipped', 'failed']);
export type OutcomeKind = z.infer<typeof OutcomeKindSchema>;

export const OutcomeCountsSchema = z.object({
  created: z.number().int().nonnegative(),
  linked: z.number().int().nonnegative(),
  updated: z.number().int().nonnegative(),
  unchanged: z.number().int().nonnegative(),
  skipped: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
});
export type OutcomeCounts = z.infer<typeof OutcomeCountsSchema>;

export const emptyCounts = (): OutcomeCounts => ({
  created: 0, linked: 0, updated: 0, unchanged: 0, skipped: 0, failed: 0,
});

/** One per-contact problem, kept as a bounded sample on the run. Never holds secrets. */
export const RunIssueSchema = z.object({
  contactId: z.string(),
  email: z.string().optional(),
  kind: z.enum(['skipped', 'failed']),
  code: z.string(),
  message: z.string(),
});
export type RunIssue = z.infer<typeof RunIssueSchema>;

export const RunTriggerSchema = z.enum(['manual', 'schedule', 'teammate', 'retry', 'cli', 'resume']);
export type RunTrigger = z.infer<typeof RunTriggerSchema>;

export const SyncRunSchema = z.object({
  id: z.string().min(1),
  syncId: z.string().min(1),
  workspaceId: z.string().min(1),
  trigger: RunTriggerSchema,
  mode: z.enum(['full', 'incremental', 'retry_failed']),
  status: RunStatusSchema,
  audienceSize: z.number().int().nonnegative().nullable(),
  processed: z.number().int().nonnegative(),
  counts: OutcomeCountsSchema,
  issues: z.array(RunIssueSchema).max(100),
  queuedAt: z.number().int(),
  startedAt: z.number().int().nullable(),
  endedAt: z.number().int().nullable(),
  failureReason: z.string().optional(),
  /** The definition as it was when the run was queued ("a running sync keeps its old settings"); dropped when the run ends. */
  definition: SyncDefinitionSchema.optional(),
  /** Lower bound (unix seconds) handed to the audience query of an incremental run. */
  since: z.number().int().nullable().optional(),
  /** Contacts read but skipped client-side because they had not changed since the checkpoint. */
  notChanged: z.number().int().nonnegative().optional(),
  /** Contacts whose write-back values were refreshed from RF analytics (ongoing syncs). */
  refreshed: z.number().int().nonnegative().optional(),
  /** Ids of contacts that failed in this run so far (bounded); moved to the sync state when the run ends. */
  failedIds: z.array(z.string()).max(1000).optional(),
});
export type SyncRun = z.infer<typeof SyncRunSchema>;

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
  /** The contact's name as Intercom had it, so a person can find them (absent for contacts without one). */
  name: z.string().max(200).optional(),
  kind: z.enum(['skipped', 'failed']),
  code: z.string(),
  message: z.string(),
});
export type RunIssue = z.infer<typeof RunIssueSchema>;

/** Issues a run keeps in full: failures first (they need action), then a sample of skips. */
export const MAX_FAILURE_ISSUES = 200;
export const MAX_SKIP_ISSUES = 50;

/** Every issue of a run counted by reason, kept ones and the rest (a handful of codes, so small). */
export const IssueReasonSchema = z.object({
  kind: z.enum(['skipped', 'failed']),
  code: z.string(),
  count: z.number().int().positive(),
  /** The first message seen with this code. */
  message: z.string(),
});
export type IssueReason = z.infer<typeof IssueReasonSchema>;

/** Why a run reads the whole audience instead of what changed since the checkpoint. */
export const FullReasonSchema = z.enum(['first_run', 'settings_changed', 'reconcile', 'requested']);
export type FullReason = z.infer<typeof FullReasonSchema>;

/** A run waiting for a service to answer again (transient outage), shown while it waits. */
export const RunWaitSchema = z.object({
  service: z.enum(['intercom', 'referral_factory']),
  /** Since when (ms) the service has not answered. */
  since: z.number().int(),
  /** When (ms) the next try happens. */
  nextTryAt: z.number().int(),
  /** The last error, `code: message`. */
  reason: z.string(),
});
export type RunWait = z.infer<typeof RunWaitSchema>;

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
  /** Failures (up to MAX_FAILURE_ISSUES) and skips (up to MAX_SKIP_ISSUES), each in arrival order. */
  issues: z.array(RunIssueSchema).max(MAX_FAILURE_ISSUES + MAX_SKIP_ISSUES),
  /** Every issue counted by reason, including those beyond the kept ones. */
  reasons: z.array(IssueReasonSchema).max(100).optional(),
  queuedAt: z.number().int(),
  startedAt: z.number().int().nullable(),
  endedAt: z.number().int().nullable(),
  failureReason: z.string().optional(),
  /** The definition as it was when the run was queued ("a running sync keeps its old settings"); dropped when the run ends. */
  definition: SyncDefinitionSchema.optional(),
  /** Lower bound (unix seconds) handed to the audience query of an incremental run. */
  since: z.number().int().nullable().optional(),
  /** Set on full runs of an ongoing sync: why this run reads everyone. */
  fullReason: FullReasonSchema.optional(),
  /** When someone pressed Stop: the run ends at the next contact; until then it shows as stopping. */
  stopRequestedAt: z.number().int().optional(),
  /** Present while the run waits out an outage of Intercom or RF. */
  waiting: RunWaitSchema.optional(),
  /**
   * Contacts an incremental run read but passed over because they had not changed since the
   * checkpoint ("Not changed since the last run"). Every run accounts for every contact it reads:
   * processed = created + linked + updated + unchanged + skipped + failed + notChanged.
   */
  notChanged: z.number().int().nonnegative().optional(),
  /** Contacts whose write-back values were refreshed from RF analytics (ongoing syncs). */
  refreshed: z.number().int().nonnegative().optional(),
  /** Ids of contacts that failed in this run so far (bounded); moved to the sync state when the run ends. */
  failedIds: z.array(z.string()).max(1000).optional(),
});
export type SyncRun = z.infer<typeof SyncRunSchema>;

/** The run's outcome buckets summed: always equals `processed` (see `notChanged`). */
export const accountedFor = (r: Pick<SyncRun, 'counts' | 'notChanged'>): number =>
  r.counts.created + r.counts.linked + r.counts.updated + r.counts.unchanged + r.counts.skipped + r.counts.failed + (r.notChanged ?? 0);

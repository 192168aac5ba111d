import { formatAgo } from '../../../canvas/screens/format.js';
import { RUN_STATUS_LABELS, type RunView } from '../../../canvas/screens/run-progress.js';
import type { SyncRun } from '../../sync/run-record.js';
import { describeRunFailure, describeWait, runKindLabel } from '../../sync/run-words.js';

export const isActive = (r: SyncRun): boolean => r.status === 'queued' || r.status === 'running';

export function runView(r: SyncRun, now: number): RunView {
  const active = isActive(r);
  const when = active
    ? `started ${formatAgo(r.startedAt ?? r.queuedAt, now)}`
    : `ended ${formatAgo(r.endedAt ?? r.queuedAt, now)}`;
  return {
    statusLabel: RUN_STATUS_LABELS[r.status],
    kindLabel: runKindLabel(r),
    active,
    processed: r.processed,
    total: r.audienceSize,
    counts: r.counts,
    notChanged: r.mode === 'incremental' || (r.notChanged ?? 0) > 0 ? (r.notChanged ?? 0) : null,
    waiting: active && r.waiting ? describeWait(r.waiting, now) : undefined,
    failure: r.status === 'failed' && r.failureReason ? describeRunFailure(r.failureReason) : undefined,
    when,
    // The run keeps a bounded sample of issues; the button counts them all.
    issues: r.issues.length === 0 ? 0 : Math.max(r.issues.length, r.counts.failed + r.counts.skipped),
  };
}

/** One row per earlier run, for the status screen's Last runs: [outcome and when, what it did]. */
export function historyRow(r: SyncRun, now: number, segmentName?: string): [string, string] {
  const fails = r.counts.failed > 0 ? ` · ${r.counts.failed} failed` : '';
  const skips = r.counts.skipped > 0 ? ` · ${r.counts.skipped} skipped` : '';
  const kind = r.trigger === 'teammate' ? `Teammate’s sync of ${segmentName ?? 'a segment'} · `
    : r.mode === 'incremental' ? 'Incremental · ' : r.mode === 'retry_failed' ? 'Retry · ' : r.mode === 'full' && r.fullReason ? 'Full · ' : '';
  return [`${RUN_STATUS_LABELS[r.status]} · ${formatAgo(r.queuedAt, now)}`, `${kind}${r.processed} processed${fails}${skips}`];
}

import { formatAgo } from '../../../canvas/screens/format.js';
import { RUN_STATUS_LABELS, STOPPING_LABEL, type RunView } from '../../../canvas/screens/run-progress.js';
import type { SyncRun } from '../../sync/run-record.js';
import { describeWait, runFailureHelp, runKindLabel } from '../../sync/run-words.js';

export const isActive = (r: SyncRun): boolean => r.status === 'queued' || r.status === 'running';

/** "about 3 min left" from the pace so far; nothing until there is a pace to go by. */
function timeLeft(r: SyncRun, now: number): string | undefined {
  if (r.status !== 'running' || r.audienceSize === null || r.startedAt === null || r.processed < 1) return undefined;
  const rest = r.audienceSize - r.processed;
  if (rest <= 0) return undefined;
  const ms = ((now - r.startedAt) / r.processed) * rest;
  if (ms < 60_000) return 'less than a minute left';
  const min = Math.round(ms / 60_000);
  return min < 90 ? `about ${min} min left` : `about ${Math.round(min / 60)} h left`;
}

export function runView(r: SyncRun, now: number): RunView {
  const active = isActive(r);
  const stopping = active && r.stopRequestedAt !== undefined;
  const help = r.status === 'failed' && r.failureReason ? runFailureHelp(r.failureReason) : undefined;
  const percent = active && r.audienceSize ? Math.min(99, Math.floor((r.processed / r.audienceSize) * 100)) : undefined;
  const when = active
    ? `started ${formatAgo(r.startedAt ?? r.queuedAt, now)}`
    : `ended ${formatAgo(r.endedAt ?? r.queuedAt, now)}`;
  return {
    statusLabel: stopping ? STOPPING_LABEL : RUN_STATUS_LABELS[r.status],
    stopping,
    percent,
    timeLeft: stopping ? undefined : timeLeft(r, now),
    kindLabel: runKindLabel(r),
    active,
    processed: r.processed,
    total: r.audienceSize,
    counts: r.counts,
    notChanged: r.mode === 'incremental' || (r.notChanged ?? 0) > 0 ? (r.notChanged ?? 0) : null,
    waiting: active && r.waiting ? describeWait(r.waiting, now) : undefined,
    failure: help?.why,
    fix: help?.fix,
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

import { type Component, dataTable, submitButton, text } from '../index.js';
import { formatCount, plain } from './format.js';

export interface RunCountsView {
  created: number;
  linked: number;
  updated: number;
  unchanged: number;
  skipped: number;
  failed: number;
}

export interface RunView {
  /** e.g. "Running", "Finished", "Finished with errors", "Stopped". */
  statusLabel: string;
  /** e.g. "Full run (settings changed)", "Incremental run"; absent for one-time syncs' plain runs. */
  kindLabel?: string | undefined;
  active: boolean;
  processed: number;
  total: number | null;
  counts: RunCountsView;
  /** Contacts an incremental run passed over; null when the run is not incremental and passed none. */
  notChanged?: number | null | undefined;
  /** e.g. "Waiting for Intercom to answer — next try in 40 s". */
  waiting?: string | undefined;
  /** Why a failed run failed, with what to do. */
  failure?: string | undefined;
  /** The fix the screen offers for the failure (a button), if any. */
  fix?: 'connect_rf' | 'reinstall' | 'edit_settings' | undefined;
  /** Someone pressed Stop: the run ends at the next contact. */
  stopping?: boolean | undefined;
  /** While running with a known total: done so far (0–100) and the time left, e.g. "about 3 min left". */
  percent?: number | undefined;
  timeLeft?: string | undefined;
  /** e.g. "started 3 min ago". */
  when: string;
  issues: number;
}

/** A run someone stopped, until it has ended. */
export const STOPPING_LABEL = 'Stopping';

export const RUN_STATUS_LABELS = {
  queued: 'Queued',
  running: 'Running',
  succeeded: 'Finished',
  finished_with_errors: 'Finished with errors',
  failed: 'Failed',
  cancelled: 'Stopped',
} as const;

/** The bucket of contacts an incremental run read and passed over (issue #11: every contact read is accounted for). */
export const NOT_CHANGED_LABEL = 'Not changed';
/** Said under the counts when that bucket shows: the row's label stays short enough not to be cut at 360 px. */
export const NOT_CHANGED_NOTE = 'Not changed: read, but unchanged in Intercom since the last run, so nothing was sent.';

/** What "Linked" means, said under every table of counts (issue #13: the word is explained where it appears). */
export const LINKED_NOTE = 'Linked: already a referrer in the campaign with the same email; the contact is now joined to that referrer.';

export function runProgressComponents(r: RunView): Component[] {
  const pct = r.percent === undefined ? '' : ` (${r.percent}%)`;
  const left = r.timeLeft ? ` · ${r.timeLeft}` : '';
  const of = r.total === null ? '' : ` of ${formatCount(r.total)}`;
  const kind = r.kindLabel ? ` · ${r.kindLabel}` : '';
  const rows: [string, string][] = [
    ['Created', formatCount(r.counts.created)],
    ['Linked', formatCount(r.counts.linked)],
    ['Updated', formatCount(r.counts.updated)],
    ['Unchanged', formatCount(r.counts.unchanged)],
    ...(r.notChanged === null || r.notChanged === undefined ? [] : [[NOT_CHANGED_LABEL, formatCount(r.notChanged)] as [string, string]]),
    ['Skipped', formatCount(r.counts.skipped)],
    ['Failed', formatCount(r.counts.failed)],
  ];
  return [
    // "369 of 565 processed (65%) · about 1 min left · started 1 min ago": the count, then how far and how long.
    text(`**${r.statusLabel}**${kind} · ${formatCount(r.processed)}${of} processed${r.total === null ? '' : `${pct}${left}`} · ${r.when}`),
    ...(r.waiting ? [text(plain(r.waiting), { style: 'error' })] : []),
    ...(r.failure ? [text(plain(r.failure), { style: 'error' })] : []),
    dataTable(rows),
    text(r.notChanged === null || r.notChanged === undefined ? LINKED_NOTE : `${LINKED_NOTE} ${NOT_CHANGED_NOTE}`, { style: 'muted' }),
  ];
}

/** "Failed (13)" and "Skipped (8)": failures and skips apart (they need different actions); each only when there are some. */
export function issueButtons(run: RunView | undefined, failedId: string, skippedId: string): Component[] {
  if (!run) return [];
  return [
    ...(run.counts.failed > 0 ? [submitButton(failedId, `Failed (${formatCount(run.counts.failed)})`, { style: 'secondary' })] : []),
    ...(run.counts.skipped > 0 ? [submitButton(skippedId, `Skipped (${formatCount(run.counts.skipped)})`, { style: 'secondary' })] : []),
  ];
}

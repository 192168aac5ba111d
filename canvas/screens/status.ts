import { type CanvasObject, type Component, type StoredData, canvas, dataTable, submitButton, text } from '../index.js';
import { AppIds } from '../ids.js';
import { CardIds, StatusIds, SyncListIds } from './ids.js';
import { type RunView, runProgressComponents } from './run-progress.js';

export interface StatusView {
  campaign: string;
  audience: string;
  /** "One-Time Sync" or "Ongoing Sync, every hour" (+ ", paused"). */
  schedule: string;
  ongoing: boolean;
  paused: boolean;
  run?: RunView | undefined;
  /** Earlier runs, newest first: [when, summary]. */
  history: ReadonlyArray<readonly [string, string]>;
  /** What the settings cannot do (a return field that cannot be written), each with the way out. */
  problems?: readonly string[];
  notice?: { style: 'muted' | 'error'; text: string } | undefined;
}

function controls(v: StatusView): Component[] {
  const out: Component[] = [];
  if (v.run?.active) out.push(submitButton(StatusIds.refresh, 'Refresh'));
  // A one-time sync picks up new contacts only when run again (RF: "needs a manual re-run").
  else out.push(submitButton(StatusIds.runNow, 'Sync now'));
  // Ongoing runs read what changed; a full run reads the whole audience again (one-time runs always do).
  if (!v.run?.active && v.ongoing) out.push(submitButton(StatusIds.fullSync, 'Full sync', { style: 'secondary' }));
  if (v.run && v.run.issues > 0) out.push(submitButton(StatusIds.errors, `Errors (${v.run.issues})`, { style: 'secondary' }));
  if (v.ongoing && !v.paused) out.push(submitButton(StatusIds.pause, 'Pause', { style: 'secondary' }));
  if (v.ongoing && v.paused) out.push(submitButton(StatusIds.resume, 'Resume', { style: 'secondary' }));
  if (v.run?.active) out.push(submitButton(StatusIds.stop, 'Stop', { style: 'secondary' }));
  out.push(submitButton(StatusIds.edit, 'Edit settings', { style: 'secondary' }));
  // Every sync of the workspace, and Add sync (issue #13: several syncs per workspace).
  out.push(submitButton(SyncListIds.show, 'All syncs', { style: 'link' }));
  out.push(submitButton(CardIds.syncSegment, 'Sync a segment', { style: 'link' }));
  out.push(submitButton(AppIds.settings, 'App settings', { style: 'link' }));
  out.push(submitButton(StatusIds.back, 'Back', { style: 'link' }));
  return out;
}

export function statusScreen(v: StatusView, storedData: StoredData): CanvasObject {
  return canvas([
    text('Sync status', { style: 'header' }),
    dataTable([['Campaign', v.campaign], ['Contacts', v.audience], ['Sync Type', v.schedule]]),
    ...(v.problems ?? []).map((p) => text(p, { style: 'error' })),
    ...(v.notice ? [text(v.notice.text, { style: v.notice.style })] : []),
    ...(v.run ? runProgressComponents(v.run) : [text('No run yet.', { style: 'muted' })]),
    ...(v.history.length > 0 ? [text('Last runs', { style: 'muted', bottomMargin: 'none' }), dataTable(v.history)] : []),
    ...controls(v),
  ], storedData);
}

export interface RunErrorsView {
  /** [contact, reason], failures first; at most what the run kept. */
  issues: ReadonlyArray<readonly [string, string]>;
  total: number;
  /** Every issue counted by reason, e.g. "7 failed: upstream_rejected 7 · 100 skipped: no_email 100". */
  summary?: string | undefined;
  canRetry: boolean;
  notice?: { style: 'muted' | 'error'; text: string } | undefined;
}

export function runErrorsScreen(v: RunErrorsView, storedData: StoredData): CanvasObject {
  const more = v.total > v.issues.length ? [text(`Showing ${v.issues.length} of ${v.total}.`, { style: 'muted' })] : [];
  return canvas([
    text('Run errors', { style: 'header' }),
    ...(v.notice ? [text(v.notice.text, { style: v.notice.style })] : []),
    ...(v.summary ? [text(v.summary, { style: 'muted' })] : []),
    ...(v.issues.length > 0 ? [dataTable(v.issues)] : [text('No errors in this run.', { style: 'muted' })]),
    ...more,
    ...(v.canRetry ? [submitButton(StatusIds.retryFailed, 'Retry failed')] : []),
    submitButton(StatusIds.refresh, 'Back to status', { style: 'secondary' }),
  ], storedData);
}

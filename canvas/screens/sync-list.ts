import { type CanvasObject, type Component, type StoredData, canvas, submitButton, text } from '../index.js';
import { AppIds } from '../ids.js';
import { plain } from './format.js';
import { SyncListIds } from './ids.js';

// The workspace's syncs (issue #13): each campaign with its audience, type and last run, a way
// into its own status, and Add sync. Text lines, not a data-table: nothing is cut off at 360 px.

export interface SyncRowView {
  campaign: string;
  /** "All Contacts", "Segment: VIP customers". */
  audience: string;
  /** "One-Time Sync", "Ongoing Sync, every hour, paused". */
  schedule: string;
  /** "Last run: Finished · 5 min ago", "No run yet". */
  lastRun: string;
  /** The last run failed or ended with errors: the line is shown as an error. */
  lastRunBad: boolean;
}

export interface SyncListView {
  syncs: readonly SyncRowView[];
  /** Whether another sync can be added (at most SyncListIds.open.length). */
  canAdd: boolean;
  notice?: { style: 'muted' | 'error'; text: string } | undefined;
}

function row(s: SyncRowView, i: number): Component[] {
  return [
    text(`**${plain(s.campaign)}**`, { bottomMargin: 'none' }),
    text(`${plain(s.audience)} · ${plain(s.schedule)}`, { style: 'muted', bottomMargin: 'none' }),
    text(plain(s.lastRun), { style: s.lastRunBad ? 'error' : 'muted', bottomMargin: 'none' }),
    submitButton(SyncListIds.open[i]!, 'Open', { style: 'secondary' }),
  ];
}

export function syncListScreen(v: SyncListView, storedData: StoredData): CanvasObject {
  const rows = v.syncs.slice(0, SyncListIds.open.length);
  return canvas([
    text('Syncs', { style: 'header' }),
    ...(v.notice ? [text(v.notice.text, { style: v.notice.style })] : []),
    text(rows.length === 1 ? 'One sync into Referral Factory.' : `${rows.length} syncs into Referral Factory, each with its own campaign and settings.`, { style: 'muted' }),
    ...rows.flatMap(row),
    ...(v.canAdd
      ? [submitButton(SyncListIds.add, 'Add sync')]
      : [text(`At most ${SyncListIds.open.length} syncs: edit one instead.`, { style: 'muted' })]),
    submitButton(AppIds.settings, 'App settings', { style: 'link' }),
    submitButton(SyncListIds.back, 'Back', { style: 'link' }),
  ], storedData);
}

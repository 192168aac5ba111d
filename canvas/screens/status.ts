import { type CanvasObject, type Component, type StoredData, canvas, dataTable, list, listItem, submitAction, submitButton, text } from '../index.js';
import { AppIds } from '../ids.js';
import { CardIds, StatusIds, StatusRunIds, SyncListIds } from './ids.js';
import { type RunView, issueButtons, runProgressComponents } from './run-progress.js';

export interface StatusView {
  campaign: string;
  audience: string;
  /** "One-Time Sync" or "Ongoing Sync, every hour" (+ ", paused"). */
  schedule: string;
  ongoing: boolean;
  paused: boolean;
  run?: RunView | undefined;
  /** Earlier runs, newest first: [when and outcome, summary] (at most StatusRunIds.length). */
  history: ReadonlyArray<readonly [string, string]>;
  /** The run shown is an earlier one (chosen in Last runs): says so, e.g. "a teammate’s sync of VIP". */
  earlierRun?: string | undefined;
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
  out.push(...issueButtons(v.run, StatusIds.errors, StatusIds.skipped));
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
    ...(v.earlierRun ? [text(`Showing an earlier run: ${v.earlierRun}. Refresh shows the latest.`, { style: 'muted' })] : []),
    ...(v.run ? runProgressComponents(v.run) : [text('No run yet.', { style: 'muted' })]),
    ...(v.history.length > 0
      ? [text('Last runs', { style: 'muted', bottomMargin: 'none' }),
        list(v.history.slice(0, StatusRunIds.length).map(([title, subtitle], i) => listItem(StatusRunIds[i]!, title, { subtitle, action: submitAction() })))]
      : []),
    ...controls(v),
  ], storedData);
}

import { type CanvasObject, type Component, type StoredData, canvas, list, listItem, submitAction, submitButton, text, urlButton } from '../index.js';
import { plain } from './format.js';
import { AppIds } from '../ids.js';
import { CardIds, StatusIds, StatusLinkIds, StatusRunIds, SyncListIds } from './ids.js';
import { type RunView, issueButtons, runProgressComponents } from './run-progress.js';

export interface StatusView {
  campaign: string;
  audience: string;
  /** "One-Time Sync" or "Ongoing Sync, every hour" (+ ", paused"). */
  schedule: string;
  ongoing: boolean;
  paused: boolean;
  run?: RunView | undefined;
  /** The sync's run going, if any (the one shown, or a newer one while an earlier run is shown), and whether Stop was pressed. */
  busy?: 'running' | 'stopping' | false | undefined;
  /** Earlier runs, newest first: [when and outcome, summary] (at most StatusRunIds.length). */
  history: ReadonlyArray<readonly [string, string]>;
  /** The run shown is an earlier one (chosen in Last runs): says so, e.g. "a teammate’s sync of VIP". */
  earlierRun?: string | undefined;
  /** Stop is offered for the run shown (it is going and nobody pressed Stop); the sync's other run going is not stopped from here. */
  stoppable?: boolean | undefined;
  /** What the settings cannot do (a return field that cannot be written), each with the way out. */
  problems?: readonly string[];
  /** Why no run can start now (Referral Factory not connected, the segment gone or empty), and its fix. */
  blocked?: { why: string; fix?: 'connect_rf' | 'reinstall' | 'edit_settings' | undefined } | undefined;
  /** The signed page where the RF key is entered: the Connect Referral Factory button, when that is the fix. */
  connectRfUrl?: string | undefined;
  /** The sync reads a segment: the settings fix is worded "Choose another segment". */
  segmentAudience?: boolean | undefined;
  /** Something changes without this sync running (an earlier run is shown, a teammate's run or its retry is going): Refresh is offered. */
  refreshable?: boolean | undefined;
  notice?: { style: 'muted' | 'error'; text: string } | undefined;
}

function controls(v: StatusView): Component[] {
  const out: Component[] = [];
  const fix = v.blocked ? v.blocked.fix : v.run?.fix;
  const busy = v.busy ?? (v.run?.active ? (v.run.stopping ? 'stopping' : 'running') : false);
  const connect = fix === 'connect_rf' && v.connectRfUrl !== undefined;
  if (connect) out.push(urlButton(StatusLinkIds.connectRf, 'Connect Referral Factory', v.connectRfUrl!));
  // The connect page ends with "press I have connected it": the button is here too, not only in App settings.
  if (connect && !busy) out.push(submitButton(StatusIds.refresh, 'I have connected it', { style: 'secondary' }));
  if (busy) out.push(submitButton(StatusIds.refresh, 'Refresh'));
  // Not offered when it cannot succeed (issue #13): the reason and its fix are said above instead.
  // A one-time sync picks up new contacts only when run again (RF: "needs a manual re-run").
  else if (!v.blocked) out.push(submitButton(StatusIds.runNow, 'Sync now', { style: fix ? 'secondary' : 'primary' }));
  // "Refresh shows the latest" and a teammate's retry going: the Refresh those need, when not offered above.
  if (!busy && !connect && v.refreshable) out.push(submitButton(StatusIds.refresh, 'Refresh', { style: 'secondary' }));
  // Ongoing runs read what changed; a full run reads the whole audience again (one-time runs always do).
  if (!busy && !v.blocked && v.ongoing) out.push(submitButton(StatusIds.fullSync, 'Full sync', { style: 'secondary' }));
  out.push(...issueButtons(v.run, StatusIds.errors, StatusIds.skipped));
  if (v.ongoing && !v.paused) out.push(submitButton(StatusIds.pause, 'Pause', { style: 'secondary' }));
  if (v.ongoing && v.paused) out.push(submitButton(StatusIds.resume, 'Resume', { style: 'secondary' }));
  // Stop stops the run shown (issue #13 replay: it stopped the sync's own run while a teammate's was shown).
  // Once pressed, the run shows as stopping: no second Stop.
  if (v.stoppable) out.push(submitButton(StatusIds.stop, v.earlierRun ? 'Stop this run' : 'Stop', { style: 'secondary' }));
  out.push(fix === 'edit_settings'
    ? submitButton(StatusIds.edit, v.segmentAudience ? 'Choose another segment' : 'Edit settings')
    : submitButton(StatusIds.edit, 'Edit settings', { style: 'secondary' }));
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
    // Lines, not a data-table: a long campaign, segment or interval wraps instead of being cut at 360 px.
    text(`**${plain(v.campaign)}**`, { bottomMargin: 'none' }),
    text(`${plain(v.audience)} · ${plain(v.schedule)}`, { style: 'muted' }),
    ...(v.blocked ? [text(v.blocked.why, { style: 'error' })] : []),
    ...(v.problems ?? []).map((p) => text(p, { style: 'error' })),
    ...(v.notice ? [text(v.notice.text, { style: v.notice.style })] : []),
    ...(v.earlierRun ? [text(`Showing an earlier run: ${v.earlierRun}. Refresh shows the latest.`, { style: 'muted' })] : []),
    // The sync's own run is going but another is shown: its Stop is on the latest run, not here.
    ...(v.earlierRun && v.busy === 'running' && !v.run?.active ? [text('This sync’s own run is going: Refresh shows it, with Stop.', { style: 'muted' })] : []),
    ...(v.run ? runProgressComponents(v.run) : [text('No run yet.', { style: 'muted' })]),
    ...(v.history.length > 0
      ? [text('Last runs', { style: 'muted', bottomMargin: 'none' }),
        list(v.history.slice(0, StatusRunIds.length).map(([title, subtitle], i) => listItem(StatusRunIds[i]!, title, { subtitle, action: submitAction() })))]
      : []),
    ...controls(v),
  ], storedData);
}

import { SERVICE_NAMES } from './outage.js';
import type { FullReason, IssueReason, RunIssue, RunWait, SyncRun } from './run-record.js';

// How a run is told to people, the same in the status screen and on the command line.

const FULL_REASONS: Record<FullReason, string> = {
  // Also after a first run that was stopped or failed: "first run" read oddly next to its Stopped row.
  first_run: 'no run has completed yet',
  settings_changed: 'settings changed',
  reconcile: 'scheduled full reconciliation',
  requested: 'requested',
};

/** "Full run (settings changed)", "Incremental run", "Retry of failed contacts"; undefined for a one-time sync's run. */
export function runKindLabel(r: Pick<SyncRun, 'mode' | 'fullReason'>): string | undefined {
  if (r.mode === 'incremental') return 'Incremental run';
  if (r.mode === 'retry_failed') return 'Retry of failed contacts';
  return r.fullReason ? `Full run (${FULL_REASONS[r.fullReason]})` : undefined;
}

const inWords = (ms: number): string => {
  if (ms <= 0) return 'now';
  const s = Math.ceil(ms / 1000);
  return s < 90 ? `in ${s} s` : `in ${Math.ceil(s / 60)} min`;
};

/** "Waiting for Intercom to answer — next try in 40 s". */
export const describeWait = (w: RunWait, now: number): string =>
  `Waiting for ${SERVICE_NAMES[w.service]} to answer — next try ${inWords(w.nextTryAt - now)}`;

/** `code: message` as stored → "message (code)". */
export function describeRunFailure(failureReason: string): string {
  const at = failureReason.indexOf(': ');
  if (at < 0) return `Failed: ${failureReason}`;
  return `Failed: ${failureReason.slice(at + 2)} (${failureReason.slice(0, at)})`;
}

/** A run's kept issues, failures first (they need action), each group in arrival order. */
export const issuesFailuresFirst = (issues: readonly RunIssue[]): RunIssue[] =>
  [...issues.filter((i) => i.kind === 'failed'), ...issues.filter((i) => i.kind === 'skipped')];

/** "7 failed: upstream_rejected 7 · 100 skipped: no_email 95, required_field_empty 5", failures first. */
export function reasonsLine(reasons: readonly IssueReason[]): string {
  const group = (kind: IssueReason['kind'], word: string) => {
    const of = reasons.filter((r) => r.kind === kind).sort((a, b) => b.count - a.count);
    if (of.length === 0) return null;
    return `${of.reduce((n, r) => n + r.count, 0)} ${word}: ${of.map((r) => `${r.code} ${r.count}`).join(', ')}`;
  };
  return [group('failed', 'failed'), group('skipped', 'skipped')].filter(Boolean).join(' · ');
}

/** One kept issue as people read it: who (name, email or "no email"), what happened, and why in full. */
export interface IssueRow {
  kind: RunIssue['kind'];
  name: string;
  email: string;
  code: string;
  reason: string;
  contactId: string;
}

export const issueRows = (issues: readonly RunIssue[]): IssueRow[] =>
  issuesFailuresFirst(issues).map((i) => ({
    kind: i.kind,
    name: i.name ?? 'No name',
    email: i.email ?? 'no email',
    code: i.code,
    reason: i.message || i.code,
    contactId: i.contactId,
  }));

/**
 * Every issue of one kind counted by reason, most first: the run's own counts (which cover issues
 * past the kept ones), or, for runs recorded before it kept them, its kept issues.
 */
export function reasonCounts(run: Pick<SyncRun, 'issues' | 'reasons'>, kind: RunIssue['kind']): Array<{ code: string; count: number; message: string }> {
  const counted = run.reasons ?? run.issues.reduce<IssueReason[]>((out, i) => {
    const hit = out.find((r) => r.kind === i.kind && r.code === i.code);
    if (hit) hit.count += 1;
    else out.push({ kind: i.kind, code: i.code, count: 1, message: i.message || i.code });
    return out;
  }, []);
  return counted.filter((r) => r.kind === kind).sort((a, b) => b.count - a.count).map(({ code, count, message }) => ({ code, count, message }));
}

/** What fixes a run that failed or cannot start: the screen offers it as a button. */
export type RunFix = 'connect_rf' | 'reinstall' | 'edit_settings';

/**
 * Why a run failed, in words, and the way out (issue #13: no failed run without a reason and a
 * next step). `failureReason` is the engine's `code: message`.
 */
export function runFailureHelp(failureReason: string): { why: string; fix?: RunFix } {
  const at = failureReason.indexOf(': ');
  const code = at < 0 ? failureReason : failureReason.slice(0, at);
  const message = at < 0 ? '' : failureReason.slice(at + 2);
  switch (code) {
    case 'rf_not_connected':
      return { why: 'Failed: Referral Factory is not connected, so the run could not start. Connect it, then press Sync now.', fix: 'connect_rf' };
    case 'upstream_auth_failed':
      return message.startsWith('Referral Factory')
        ? { why: 'Failed: Referral Factory refused the API key (changed or revoked). Connect it again with a valid key, then press Sync now.', fix: 'connect_rf' }
        : { why: 'Failed: Intercom refused the app’s access (revoked). An Intercom admin must reinstall the app.', fix: 'reinstall' };
    case 'installation_disconnected':
    case 'not_installed':
      return { why: 'Failed: the app has no access to Intercom any more. An Intercom admin must reinstall it.', fix: 'reinstall' };
    case 'upstream_permission_missing':
      return { why: `Failed: ${message}`, fix: 'reinstall' };
    case 'upstream_not_found':
      return { why: `Failed: something the sync reads no longer exists (${message || 'not found'}). Check its campaign and audience in the settings.`, fix: 'edit_settings' };
    case 'upstream_unavailable':
    case 'upstream_rate_limited':
      return { why: `Failed: ${message || 'a service did not answer'}. Press Sync now to try again: contacts already added are not added twice.` };
    default:
      return { why: describeRunFailure(failureReason) };
  }
}
